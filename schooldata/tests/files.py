"""Small files in the formats DUO and CBS publish, built in code: Windows-1252, semicolons, DUO's headers."""

import codecs
from pathlib import Path

DUO_LOCATION = (
    "PEILDATUM_LEERLINGEN;PRIKDATUM;INSTELLINGSCODE;VESTIGINGSCODE;INSTELLINGSNAAM_VESTIGING;POSTCODE_VESTIGING;"
    "PLAATSNAAM;GEMEENTENUMMER;GEMEENTENAAM;PROVINCIE;SOORT_PO;DENOMINATIE_VESTIGING;BEVOEGD_GEZAG_NUMMER"
)
AGES = [f"LEEFTIJD_{age}" for age in range(4, 13)]


def write(path: Path, lines: list[str], *, encoding: str = "cp1252", bom: bool = False) -> Path:
    data = "\r\n".join(lines).encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data + b"\r\n")
    return path


def location(code: str, name: str, peildatum: str = "20241001") -> str:
    """The location columns of a DUO row, for a location code as 12AB00."""
    return f"{peildatum};20250904;{code[:4]};{code[4:]};{name};2311AB;LEIDEN;0546;LEIDEN;Zuid-Holland;Bo;Openbaar;41234"


def pupils(path: Path, rows: list[tuple[str, str, list[str], str]], **options) -> Path:
    """rows: (location code, name, counts by age 4..12, total)."""
    header = f"{DUO_LOCATION};{';'.join(AGES)};TOTAAL"
    return write(
        path, [header, *(f"{location(c, n)};{';'.join(ages)};{total}" for c, n, ages, total in rows)], **options
    )


def pupils_by_postcode(path: Path, rows: list[tuple[str, str, str]], peildatum: str = "20241001", **options) -> Path:
    """rows: (location code, pupil's postcode, total); the older headers (BRIN_NUMMER, VESTIGINGSNUMMER)."""
    header = (
        "PEILDATUM;GEMEENTENUMMER;GEMEENTENAAM;POSTCODE_LEERLING;GEMEENTENAAM_LEERLING;BRIN_NUMMER;VESTIGINGSNUMMER;"
        "INSTELLINGSNAAM_VESTIGING;POSTCODE_VESTIGING;PLAATSNAAM;PROVINCIE;SOORT_PO;DENOMINATIE_VESTIGING;"
        "BEVOEGD_GEZAG_NUMMER;L4;L5;TOTAAL"
    )
    lines = [header]
    for code, postcode, total in rows:
        lines.append(
            f"{peildatum};0546;LEIDEN;{postcode};LEIDEN;{code[:4]};{int(code[4:])};Basisschool Één;2311AB;LEIDEN;"
            f"Zuid-Holland;Bo;Openbaar;41234;<5;<5;{total}"
        )
    return write(path, lines, **options)


def weighting(path: Path, rows: list[tuple[str, str, str]], spread: bool = True) -> Path:
    """rows: (location code, schoolweging, spreiding)."""
    header = "PEILDATUM;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;SCHOOLWEGING" + (";SPREIDING" if spread else "")
    header += ";AANTAL_LEERLINGEN"
    lines = [header]
    for code, value, spreading in rows:
        lines.append(f"01-10-2024;{code[:4]};{code[4:]};School;{value}" + (f";{spreading}" if spread else "") + ";210")
    return write(path, lines)


AREA_HEADER = "gwb_code_10;gwb_code_8;regio;gm_naam;recs;a_inw;a_00_14;p_hh_li;g_ink_pi;ind_wbi"


def areas(path: Path) -> Path:
    return write(
        path,
        [
            AREA_HEADER,
            "GM0546;0546;Leiden;Leiden;Gemeente;125100;17200;9,1;31,2;1",
            "WK054601;054601;Binnenstad-Noord;Leiden;Wijk;10234;800;11,0;.;1",
            "BU05460101;05460101;Levendaal-West;Leiden;Buurt;2105;x;.;x;1",
            "GM0518;0518;'s-Gravenhage;'s-Gravenhage;Gemeente;552995;90000;14,2;28,1;1",
            "WK051801;051801;Wijk 01 Scheveningen;'s-Gravenhage;Wijk;60000;9000;8,0;33,0;1",
        ],
    )


def postcode_file(path: Path) -> Path:
    """CBS's pc6 × house number file: 2311 lies mostly in wijk 01, 2312 wholly in wijk 02."""
    return write(
        path,
        [
            "PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023",
            "2311AB;1;05460101;054601;546",
            "2311AB;3;05460101;054601;546",
            "2311AC;2;05460102;054601;546",
            "2311XZ;5;05460201;054602;546",
            "2312BC;1;05460203;054602;546",
            "2511AA;1;05180101;051801;518",
        ],
    )


def national_postcode_file(path: Path, rows: int, directory_codes: list[str]) -> Path:
    """A national-sized postcode file: rows spread over many locations, a share of them the directory's."""
    lines = []
    locations = [*directory_codes, *(f"{n % 100:02d}Z{chr(65 + n // 100 % 26)}00" for n in range(2000))]
    for number in range(rows):
        code = locations[number % len(locations)]
        postcode = str(1000 + (number // len(locations)) % 9000)
        lines.append((code, postcode, "<5" if number % 7 == 0 else str(5 + number % 40)))
    return pupils_by_postcode(path, lines)
