"""Records as people read them, the same in the CLI, the app and the exports: short labels
(:mod:`~coopmap.display.labels`), untrusted text as inert Markdown
(:mod:`~coopmap.display.markdown`), a report with what was read from it marked
(:mod:`~coopmap.display.marked`), table rows (:mod:`~coopmap.display.table`), a whole record's
facts (:mod:`~coopmap.display.facts`), counts for charts
(:mod:`~coopmap.display.summary`), which records a filter keeps, from columns
(:mod:`~coopmap.display.masks`), the change log's lines (:mod:`~coopmap.display.changelog`)
and how a file's place names were geocoded (:mod:`~coopmap.display.geocoding`).

Nothing here writes or draws: each function turns values into text, rows or HTML that an
interface shows.
"""
