"""Reading reports in Chinese: place names by longest match over the text, and dates.

Chinese writes no spaces between words, so a place name is found as the longest stretch of
characters that the gazetteer knows by a Chinese name (GeoNames' alternate names,
pycountry's translations, the ISO 3166-2 data) and that is credibly a place. Resolution is
the English reader's (:mod:`coopmap.reports.toponyms`).
"""
