"""Countries (ISO 3166-1 alpha-2, as the warehouse stores them) by name and by the region analysts and BD teams
group them in: five regions, the split CDMO market reports commonly use. The dashboard and the digest both read it.
"""

from __future__ import annotations

import re

REGIONS = ("Europe", "North America", "Latin America", "Asia-Pacific", "Middle East & Africa")

_BY_REGION = {
    "Europe": (
        "AD Andorra|AL Albania|AT Austria|BA Bosnia and Herzegovina|BE Belgium|BG Bulgaria|BY Belarus|"
        "CH Switzerland|CY Cyprus|CZ Czechia|DE Germany|DK Denmark|EE Estonia|ES Spain|FI Finland|FO Faroe Islands|"
        "FR France|GB United Kingdom|GI Gibraltar|GR Greece|HR Croatia|HU Hungary|IE Ireland|IS Iceland|IT Italy|"
        "LI Liechtenstein|LT Lithuania|LU Luxembourg|LV Latvia|MC Monaco|MD Moldova|ME Montenegro|MK North Macedonia|"
        "MT Malta|NL Netherlands|NO Norway|PL Poland|PT Portugal|RO Romania|RS Serbia|RU Russia|SE Sweden|"
        "SI Slovenia|SK Slovakia|SM San Marino|UA Ukraine|VA Vatican City|XK Kosovo"
    ),
    "North America": "BM Bermuda|CA Canada|GL Greenland|PM Saint Pierre and Miquelon|US United States",
    "Latin America": (
        "AG Antigua and Barbuda|AR Argentina|AW Aruba|BB Barbados|BO Bolivia|BR Brazil|BS Bahamas|BZ Belize|"
        "CL Chile|CO Colombia|CR Costa Rica|CU Cuba|CW Curacao|DM Dominica|DO Dominican Republic|EC Ecuador|"
        "GD Grenada|GT Guatemala|GY Guyana|HN Honduras|HT Haiti|JM Jamaica|KN Saint Kitts and Nevis|"
        "KY Cayman Islands|LC Saint Lucia|MX Mexico|NI Nicaragua|PA Panama|PE Peru|PR Puerto Rico|PY Paraguay|"
        "SR Suriname|SV El Salvador|TT Trinidad and Tobago|UY Uruguay|VC Saint Vincent and the Grenadines|"
        "VE Venezuela|VG British Virgin Islands|VI U.S. Virgin Islands"
    ),
    "Asia-Pacific": (
        "AF Afghanistan|AU Australia|BD Bangladesh|BN Brunei|BT Bhutan|CN China|FJ Fiji|HK Hong Kong|ID Indonesia|"
        "IN India|JP Japan|KG Kyrgyzstan|KH Cambodia|KR South Korea|KZ Kazakhstan|LA Laos|LK Sri Lanka|"
        "MM Myanmar|MN Mongolia|MO Macao|MV Maldives|MY Malaysia|NP Nepal|NZ New Zealand|PG Papua New Guinea|"
        "PH Philippines|PK Pakistan|SB Solomon Islands|SG Singapore|TH Thailand|TJ Tajikistan|TL Timor-Leste|"
        "TM Turkmenistan|TW Taiwan|UZ Uzbekistan|VN Vietnam|WS Samoa"
    ),
    "Middle East & Africa": (
        "AE United Arab Emirates|AM Armenia|AO Angola|AZ Azerbaijan|BF Burkina Faso|BH Bahrain|BI Burundi|BJ Benin|"
        "BW Botswana|CD DR Congo|CF Central African Republic|CG Congo|CI Cote d'Ivoire|CM Cameroon|CV Cabo Verde|"
        "DJ Djibouti|DZ Algeria|EG Egypt|ER Eritrea|ET Ethiopia|GA Gabon|GE Georgia|GH Ghana|GM Gambia|GN Guinea|"
        "GQ Equatorial Guinea|GW Guinea-Bissau|IL Israel|IQ Iraq|IR Iran|JO Jordan|KE Kenya|KM Comoros|KW Kuwait|"
        "LB Lebanon|LR Liberia|LS Lesotho|LY Libya|MA Morocco|MG Madagascar|ML Mali|MR Mauritania|MU Mauritius|"
        "MW Malawi|MZ Mozambique|NA Namibia|NE Niger|NG Nigeria|OM Oman|PS Palestine|QA Qatar|RW Rwanda|"
        "SA Saudi Arabia|SC Seychelles|SD Sudan|SL Sierra Leone|SN Senegal|SO Somalia|SS South Sudan|SY Syria|"
        "SZ Eswatini|TD Chad|TG Togo|TN Tunisia|TR Turkey|TZ Tanzania|UG Uganda|YE Yemen|ZA South Africa|"
        "ZM Zambia|ZW Zimbabwe"
    ),
}

COUNTRY_NAMES: dict[str, str] = {}
COUNTRY_REGION: dict[str, str] = {}
for _region, _entries in _BY_REGION.items():
    for _entry in _entries.split("|"):
        _code, _name = _entry.split(" ", 1)
        COUNTRY_NAMES[_code] = _name
        COUNTRY_REGION[_code] = _region


def region_of(country: object) -> str | None:
    """The region of an ISO alpha-2 code; None for an unknown or missing code (None, NaN, '')."""
    if not isinstance(country, str) or not country:
        return None
    return COUNTRY_REGION.get(country.strip().upper())


def regions_of(countries: list[object]) -> frozenset[str]:
    """Every region that any of the country codes falls in."""
    return frozenset(r for r in (region_of(c) for c in countries) if r)


def normalise_region(name: str) -> str | None:
    """The canonical spelling of a region name, accepting any case; None when it is not a region."""
    wanted = re.sub(r"\s+", " ", name.strip()).lower()
    return next((region for region in REGIONS if region.lower() == wanted), None)
