"""DUO's and CBS's files as they are published, built in code byte for byte as the real ones are: their header
text and order, Windows-1252 or UTF-8 with a BOM, CRLF, quoting, decimal commas, "<5", trailing separators and
blank lines at the end. Where each header was found is in the report of the probe (and in reading.py)."""

import codecs
import datetime as dt

import pytest

from schooldata.models import AreaFigure, PostcodeArea, PupilCount, PupilsByPostcode
from schooldata.services import import_file
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(db):
    return {
        "12AB00": OrganisationFactory(name="De Regenboog", vestigingscode="12AB00", brin="12AB", municipality="Leiden"),
        "34CD00": OrganisationFactory(name="Het Kompas", vestigingscode="34CD00", municipality="Leiden"),
        "56EF01": OrganisationFactory(name="Stedelijk Lyceum", vestigingscode="56EF01", municipality="Leiden"),
    }


def _write(path, lines, *, encoding="cp1252", bom=False, tail="\r\n\r\n\r\n"):
    """As published: CRLF line ends, and (DUO's habit) blank lines after the last row."""
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + ("\r\n".join(lines) + tail).encode(encoding))
    return path


# DUO, "Leerlingen po - soort po, vestiging, cluster, leeftijd" (since the 2023 statistical protection): no TOTAAL
# column, ages from "younger" to "older", "<5" for 1 to 4 pupils, a location on several rows (one per soort po).
# The column order is that of a public import script for this file; the exact spelling of the youngest and oldest
# age columns there is the script's own, so any LEEFTIJD_JONGER…/LEEFTIJD_OUDER… is read.
PO_AGES = ["LEEFTIJD_JONGER", *(f"LEEFTIJD_{age}" for age in range(4, 25)), "LEEFTIJD_OUDER"]
PO_HEADER = (
    "PEILDATUM;INSTELLINGSCODE;VESTIGINGSCODE;INSTELLINGSNAAM_VESTIGING;POSTCODE_VESTIGING;PLAATSNAAM;"
    "GEMEENTENUMMER;GEMEENTENAAM;PROVINCIE;SOORT_PO;CLUSTER;DENOMINATIE_VESTIGING;BEVOEGD_GEZAG_NUMMER;"
    + ";".join(PO_AGES)
)


def _po_row(code, soort, ages):
    counts = ";".join(ages + [""] * (len(PO_AGES) - len(ages)))
    return (
        f"20241001;{code[:4]};{code[4:]};Basisschool Één;2311AB;LEIDEN;0546;LEIDEN;Zuid-Holland;{soort};;"
        f"Rooms-Katholiek;41234;{counts}"
    )


def test_duo_po_pupils_by_age_as_published_since_2023(tmp_path, schools):
    path = _write(
        tmp_path / "01-leerlingen-po-soort-po-cluster-leeftijd-2024-2025.csv",
        [
            PO_HEADER,
            _po_row("12AB00", "Bo", ["<5", "20", "21", "19", "22", "18", "20", "23", "<5"]),
            _po_row("12AB00", "Sbo", ["", "", "", "", "", "", "", "6", "7"]),  # the same location, another soort
            _po_row("99ZZ00", "Bo", ["30"] * 9),
        ],
    )
    result = import_file(path)
    assert not result.errors, result.errors
    count = PupilCount.objects.get()
    assert count.total == 20 + 21 + 19 + 22 + 18 + 20 + 23 + 6 + 7  # "<5" left out, as DUO left it out
    assert count.by_group["LEEFTIJD_JONGER"] is None and count.by_group["LEEFTIJD_10"] == 29
    assert count.by_group["LEEFTIJD_11"] is None  # "<5" plus 7: not known
    assert result.release.reference_date == dt.date(2024, 10, 1) and result.release.rows_skipped == 1


# DUO, "03. Leerlingen po per gemeente, postcode leerling en leeftijd", the totaaloverzicht as csv: the header as
# the file of 2015-2016 gives it, ISO-8859-1, semicolons; "ANDERS" and "BUITENLAND" for pupils living elsewhere.
PC_AGES = ["L3_MIN", *(f"L{age}" for age in range(4, 25)), "L25_PLUS"]
PC_HEADER = (
    "PEILDATUM;GEMEENTENUMMER;GEMEENTENAAM;POSTCODE_LEERLING;GEMEENTENAAM_LEERLING;BRIN_NUMMER;VESTIGINGSNUMMER;"
    "INSTELLINGSNAAM_VESTIGING;POSTCODE_VESTIGING;PLAATSNAAM;PROVINCIE;SOORT_PO;DENOMINATIE_VESTIGING;"
    "BEVOEGD_GEZAG_NUMMER;" + ";".join(PC_AGES) + ";TOTAAL"
)


def _pc_row(code, postcode, ages, total):
    counts = ";".join(ages + ["0"] * (len(PC_AGES) - len(ages)))
    return (
        f"20151001;0546;LEIDEN;{postcode};LEIDEN;{code[:4]};{int(code[4:])};Dr. Schaepmanschool;2316XB;LEIDEN;"
        f"Zuid-Holland;Bo;Rooms-Katholiek;41234;{counts};{total}"
    )


def test_duo_po_pupils_by_postcode_as_published(tmp_path, schools):
    path = _write(
        tmp_path / "03.-leerlingen-po-totaaloverzicht-2015-2016.csv",
        [
            PC_HEADER,
            _pc_row("12AB00", "2311", ["0", "12", "11"], "23"),
            _pc_row("12AB00", "2316", ["0", "<5", "5"], "8"),
            _pc_row("12AB00", "ANDERS", ["0", "<5"], "<5"),
            _pc_row("34CD00", "2312", ["0", "6"], "6"),
        ],
        encoding="latin-1",
    )
    result = import_file(path)
    assert not result.errors, result.errors
    rows = {(row.organisation.vestigingscode, row.postcode4): row.pupils for row in PupilsByPostcode.objects.all()}
    assert rows == {("12AB00", "2311"): 23, ("12AB00", "2316"): 8, ("34CD00", "2312"): 6}
    assert [(p.row, p.column) for p in result.notices if p.row] == [(4, "POSTCODE_LEERLING")]
    assert result.release.school_year == "2015-2016"


# DUO, "01. Leerlingen vo per vestiging naar onderwijstype, lwoo indicatie, sector, afdeling, opleiding": headers
# with spaces and hyphens, men and women per leer- of verblijfsjaar, a location on one row per programme, no
# peildatum (the year is in the file's name), quoted texts.
VO_YEARS = [f"LEER- OF VERBLIJFSJAAR {year} - {sex}" for year in range(1, 7) for sex in ("MAN", "VROUW")]
VO_HEADER = ";".join(
    [
        "BRIN NUMMER",
        "VESTIGINGSNUMMER",
        "INSTELLINGSNAAM VESTIGING",
        "PLAATSNAAM VESTIGING",
        "PROVINCIE VESTIGING",
        "SAMENWERKINGSVERBAND PASSEND ONDERWIJS VO",
        "ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR",
        "VMBO SECTOR",
        "AFDELING",
        "ERKENDE OPLEIDINGSCODE",
        "OPLEIDINGSNAAM",
        *VO_YEARS,
    ]
)


def test_duo_vo_pupils_by_programme_and_year_as_published(tmp_path, schools):
    def row(code, programme, counts):
        cells = counts + ["0"] * (len(VO_YEARS) - len(counts))
        return (
            f'{code[:4]};{int(code[4:])};"Stedelijk Lyceum, locatie Zuid";LEIDEN;Zuid-Holland;"VO2801";'
            f'"{programme}";"n.v.t.";"";{"2" + code[-2:]};"{programme}";' + ";".join(cells)
        )

    path = _write(
        tmp_path / "01.-leerlingen-vo-per-vestiging-naar-onderwijstype-2023.csv",
        [
            VO_HEADER,
            row("56EF01", "HAVO/VWO lj 1-3", ["40", "42", "<5"]),
            row("56EF01", "VWO lj 4-6", ["0"] * 6 + ["30"]),
        ],
    )
    result = import_file(path)
    assert not result.errors, result.errors
    count = PupilCount.objects.get()
    assert count.total == 40 + 42 + 30 and count.by_group["LEER_OF_VERBLIJFSJAAR_1_MAN"] == 40
    assert result.release.reference_date == dt.date(2023, 10, 1)


# CBS, "Kerncijfers wijken en buurten" as StatLine downloads it with Dutch labels: a title line above the header,
# every cell quoted, codes padded with spaces, "." for a figure CBS does not have, a source line at the end.
STATLINE_HEADER = (
    '"Wijken en buurten";"Regioaanduiding/Gemeentenaam (naam)";"Regioaanduiding/Soort regio (omschrijving)";'
    '"Regioaanduiding/Codering (code)";"Bevolking/Aantal inwoners (aantal)";'
    '"Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)";'
    '"Inkomen/Inkomen van personen/Gemiddeld inkomen per inwoner (x 1 000 euro)"'
)


def test_cbs_key_figures_as_statline_downloads_them(tmp_path, schools):
    path = _write(
        tmp_path / "Kerncijfers_wijken_en_buurten_2023.csv",
        [
            '"Kerncijfers wijken en buurten 2023"',
            STATLINE_HEADER,
            '"Leiden";"Leiden                                  ";"Gemeente  ";"GM0546    ";"125100";"17200";"31,2"',
            '"Wijk 01 Binnenstad-Noord";"Leiden      ";"Wijk      ";"WK054601  ";"10234";"800";"."',
            '"Levendaal-West";"Leiden";"Buurt     ";"BU05460101";"2105";".";"29,5"',
            '"Bron: CBS"',
        ],
        encoding="utf-8",
        bom=True,
    )
    result = import_file(path)
    assert not result.errors, result.errors
    areas = {area.code: area for area in AreaFigure.objects.all()}
    assert set(areas) == {"GM0546", "WK054601", "BU05460101"}
    wijk = areas["WK054601"]
    assert (wijk.name, wijk.inhabitants, wijk.children) == ("Wijk 01 Binnenstad-Noord", 10234, 800)
    income = "inkomen_inkomen_van_personen_gemiddeld_inkomen_per_inwoner_x_1_000_euro"
    assert areas["BU05460101"].figures[income] == 29.5 and wijk.figures[income] is None
    assert result.release.reference_date == dt.date(2023, 1, 1)


# CBS, "Kerncijfers wijken en buurten" from the open-data portal (kwb-2023.csv): lower-case short names, the code
# of ten and of eight positions, semicolons, decimal commas, "." for missing; a trailing separator on each row (as
# a spreadsheet program saves it) is read too.
KWB_HEADER = "gwb_code_10;gwb_code_8;regio;gm_naam;recs;gwb_code;ind_wbi;a_inw;a_man;a_vrouw;a_00_14;p_hh_li;"


def test_cbs_key_figures_from_the_open_data_portal(tmp_path, schools):
    path = _write(
        tmp_path / "kwb-2023.csv",
        [
            KWB_HEADER,
            "GM0546;0546;Leiden;Leiden;Gemeente;GM0546;1;125100;61000;64100;17200;9,1;",
            "WK054601;054601;Binnenstad-Noord;Leiden;Wijk;WK054601;1;10234;5100;5134;800;11,0;",
            "BU05460101;05460101;Levendaal-West;Leiden;Buurt;BU05460101;1;2105;1000;1105;.;.;",
        ],
    )
    result = import_file(path)
    assert not result.errors, result.errors
    wijk = AreaFigure.objects.get(code="WK054601")
    assert (wijk.inhabitants, wijk.children, wijk.figures["p_hh_li"], wijk.figures["a_man"]) == (10234, 800, 11.0, 5100)


# CBS, "Kerncijfers wijken en buurten" through the OData API (Codering_3, AantalInwoners_5, k_0Tot15Jaar_8).
def test_cbs_key_figures_from_odata(tmp_path, schools):
    path = _write(
        tmp_path / "85618NED-2023.csv",
        [
            "ID,WijkenEnBuurten,Gemeentenaam_1,SoortRegio_2,Codering_3,AantalInwoners_5,k_0Tot15Jaar_8",
            "1,GM0546    ,Leiden                                  ,Gemeente  ,GM0546    ,125100,17200",
            "2,WK054601  ,Leiden                                  ,Wijk      ,WK054601  ,10234,800",
        ],
        encoding="utf-8",
    )
    result = import_file(path, municipality="GM0546")
    assert not result.errors, result.errors
    assert AreaFigure.objects.get(code="WK054601").children == 800


# CBS, "Buurt, wijk en gemeente voor postcode en huisnummer" (pc6hnr): until 2019 the municipality column is
# "Gem2019", from then on "Gemeente2022"; codes as numbers without their leading zeros.
@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("pc6hnr20190801_gwb.csv", "PC6;Huisnummer;Buurt2019;Wijk2019;Gem2019"),
        ("pc6hnr20220801_gwb.csv", "PC6;Huisnummer;Buurt2022;Wijk2022;Gemeente2022"),
    ],
)
def test_cbs_postcode_file_as_published(tmp_path, schools, name, header):
    path = _write(
        tmp_path / name,
        [header, "2311AB;1;5460101;54601;546", "2311AB;3;5460101;54601;546", "1011AB;105;3630000;36300;363"],
    )
    result = import_file(path, municipality="0546")  # by name once key figures are in
    assert not result.errors, result.errors
    assert {(a.postcode4, a.wijk_code, a.buurt_code) for a in PostcodeArea.objects.all()} == {
        ("2311", "WK054601", "BU05460101")
    }
    assert result.release.rows_skipped == 1


# DUO, "02. Leerlingen per vestiging naar postcode leerling en leerjaar" (vo): headers with spaces, no TOTAAL (the
# total is the sum of the years), the pupils' own place and municipality beside their postcode.
VO_PC_HEADER = (
    "BRIN NUMMER;VESTIGINGSNUMMER;INSTELLINGSNAAM VESTIGING;GEMEENTENUMMER;GEMEENTENAAM;POSTCODE LEERLING;"
    "PLAATSNAAM LEERLING;GEMEENTENUMMER LEERLING;GEMEENTENAAM LEERLING;"
    + ";".join(f"LEER- OF VERBLIJFSJAAR {year}" for year in range(1, 7))
)


def test_duo_vo_pupils_by_postcode_as_published(tmp_path, schools):
    path = _write(
        tmp_path / "02.-leerlingen-per-vestiging-naar-postcode-en-leerjaar-2023.csv",
        [
            VO_PC_HEADER,
            "56EF;1;Stedelijk Lyceum;0546;LEIDEN;2311;LEIDEN;0546;LEIDEN;12;10;<5;9;8;7",
            "56EF;1;Stedelijk Lyceum;0546;LEIDEN;2352;LEIDERDORP;0547;LEIDERDORP;<5;<5;<5;<5;<5;<5",
        ],
    )
    result = import_file(path)
    assert not result.errors, result.errors
    rows = {row.postcode4: (row.pupils, row.suppressed) for row in PupilsByPostcode.objects.all()}
    assert rows == {"2311": (46, True), "2352": (None, True)}
