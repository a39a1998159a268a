"""Files of records: every format coopmap reads or writes, each in one module."""
