"""First-level divisions of a country, as data: pycountry, corrected where it is wrong.

pycountry names both LA-VI and LA-VT "Viangchan" (ວຽງຈັນ), and uses ISO spellings where people
write others; for Lao PDR we keep our own table, checked against lao.md §5.1.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass

import pycountry


@dataclass(frozen=True)
class Division:
    code: str
    name: str  # in the country's national language
    name_en: str
    is_capital: bool = False


LAO_DIVISIONS: tuple[Division, ...] = (
    Division("LA-AT", "ແຂວງອັດຕະປື", "Attapeu"),
    Division("LA-BK", "ແຂວງບໍ່ແກ້ວ", "Bokeo"),
    Division("LA-BL", "ແຂວງບໍລິຄຳໄຊ", "Bolikhamsai"),
    Division("LA-CH", "ແຂວງຈຳປາສັກ", "Champasak"),
    Division("LA-HO", "ແຂວງຫົວພັນ", "Houaphanh"),
    Division("LA-KH", "ແຂວງຄຳມ່ວນ", "Khammouane"),
    Division("LA-LM", "ແຂວງຫຼວງນ້ຳທາ", "Luang Namtha"),
    Division("LA-LP", "ແຂວງຫຼວງພະບາງ", "Luang Prabang"),
    Division("LA-OU", "ແຂວງອຸດົມໄຊ", "Oudomxay"),
    Division("LA-PH", "ແຂວງຜົ້ງສາລີ", "Phongsaly"),
    Division("LA-SL", "ແຂວງສາລະວັນ", "Salavan"),
    Division("LA-SV", "ແຂວງສະຫວັນນະເຂດ", "Savannakhet"),
    Division("LA-VI", "ແຂວງວຽງຈັນ", "Vientiane Province"),
    Division("LA-VT", "ນະຄອນຫຼວງວຽງຈັນ", "Vientiane Capital", is_capital=True),
    Division("LA-XA", "ແຂວງໄຊຍະບູລີ", "Xayabouly"),
    Division("LA-XE", "ແຂວງເຊກອງ", "Sekong"),
    Division("LA-XI", "ແຂວງຊຽງຂວາງ", "Xiengkhouang"),
    Division("LA-XS", "ແຂວງໄຊສົມບູນ", "Xaisomboun"),
)

CORRECTED: dict[str, tuple[Division, ...]] = {"LA": LAO_DIVISIONS}

# pycountry marks capitals only by type name, in several languages.
CAPITAL_TYPES = {"capital city", "capital", "prefecture", "capital district", "municipality"}


def divisions_of(country: str, language: str) -> list[Division]:
    """The country's first-level divisions, named in `language` where pycountry has it."""
    country = country.upper()
    if country in CORRECTED:
        return list(CORRECTED[country])
    names: gettext.NullTranslations
    try:
        names = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        names = gettext.NullTranslations()  # no local names: keep the ISO ones
    translate = names.gettext
    found = pycountry.subdivisions.get(country_code=country) or []
    return sorted(
        (
            Division(d.code, translate(d.name), d.name, d.type.lower() in CAPITAL_TYPES)
            for d in found
            if not d.parent_code
        ),
        key=lambda d: d.code,
    )
