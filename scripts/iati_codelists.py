"""Make src/coopmap/formats/iati/codelists.json from the IATI 2.03 codelists in the pyIATI sdist.

The codes only (withdrawn ones left out) of the codelists coopmap's IATI reader and writer use,
so that the package ships a few kilobytes instead of the codelists' megabyte. Run it again
when the vendored version changes::

    python -m pip download --no-deps --no-binary :all: pyIATI==0.4.1 -d .cache/
    python scripts/iati_codelists.py .cache/pyIATI-0.4.1.tar.gz
"""

from __future__ import annotations

import json
import sys
import tarfile
from pathlib import Path
from xml.etree import ElementTree

CODELISTS = [
    "ActivityDateType", "ActivityStatus", "Country", "Currency", "DescriptionType",
    "GeographicExactness", "GeographicLocationClass", "GeographicVocabulary", "LocationType",
    "OrganisationRole", "OrganisationType", "Sector", "SectorCategory", "SectorVocabulary",
    "TransactionType",
]  # fmt: skip
FOLDER = "pyIATI-0.4.1/iati/resources/standard/2-03/codelists"
TARGET = Path(__file__).resolve().parents[1] / "src/coopmap/formats/iati/codelists.json"


def main(tarball: str) -> None:
    codes: dict[str, list[str]] = {}
    with tarfile.open(tarball) as archive:
        for name in CODELISTS:
            handle = archive.extractfile(f"{FOLDER}/{name}.xml")
            assert handle is not None, name
            root = ElementTree.parse(handle).getroot()
            codes[name] = [
                item.findtext("code", "").strip()
                for item in root.iter("codelist-item")
                if item.get("status", "active") != "withdrawn"
            ]
    document = {"version": "2.03", "source": "pyIATI 0.4.1", "codelists": codes}
    TARGET.write_text(json.dumps(document, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({sum(map(len, codes.values()))} codes)")


if __name__ == "__main__":
    main(sys.argv[1])
