"""DUO's open-data list of school locations ("vestigingen"), as DUO publishes it, generated: Windows-1252,
semicolons, DUO's capitalised headers, places in capitals, names that recur in many towns, annexes that share
their main building's name and place under another location code. For the import benchmark and tests."""

import random

HEADERS = (
    "PROVINCIE;BEVOEGD GEZAG NUMMER;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;STRAATNAAM;HUISNUMMER-TOEVOEGING;"
    "POSTCODE;PLAATSNAAM;GEMEENTENUMMER;GEMEENTENAAM;DENOMINATIE;TELEFOONNUMMER;INTERNETADRES;"
    "STRAATNAAM CORRESPONDENTIEADRES;HUISNUMMER-TOEVOEGING CORRESPONDENTIEADRES;POSTCODE CORRESPONDENTIEADRES;"
    "PLAATSNAAM CORRESPONDENTIEADRES;NODAAL GEBIED CODE;NODAAL GEBIED NAAM;RPA GEBIED CODE;RPA GEBIED NAAM;"
    "WGR GEBIED CODE;WGR GEBIED NAAM;COROPGEBIED CODE;COROPGEBIED NAAM;ONDERWIJSGEBIED CODE;ONDERWIJSGEBIED NAAM;"
    "RMC REGIO CODE;RMC REGIO NAAM"
)
PREFIXES = ("", "", "Basisschool ", "OBS ", "KBS ", "CBS ", "PCBS ", "RK Basisschool ", "IKC ", "Openbare Basisschool ")
NAMES = (
    "De Regenboog",
    "De Viersprong",
    "Sint-Jozefschool",
    "Prinses Beatrixschool",
    "Het Kompas",
    "De Fontein",
    "Mariaschool",
    "De Wegwijzer",
    "Willem-Alexanderschool",
    "De Zonnewijzer",
    "Het Palet",
    "De Akker",
    "Sint-Franciscusschool",
    "De Triangel",
    "Koningin Julianaschool",
    "De Kameleon",
    "Het Mozaïek",
    "De Vlinder",
    "Oranje-Nassauschool",
    "De Ark",
)
PLACES = (
    ("Zuid-Holland", "LEIDEN", "0546"),
    ("Zuid-Holland", "'S-GRAVENHAGE", "0518"),
    ("Zuid-Holland", "ALPHEN AAN DEN RIJN", "0484"),
    ("Utrecht", "IJSSELSTEIN", "0353"),
    ("Noord-Holland", "DEN HELDER", "0400"),
    ("Overijssel", "ZWOLLE", "0193"),
    ("Noord-Brabant", "BERGEN OP ZOOM", "0748"),
    ("Groningen", "GRONINGEN", "0014"),
    ("Limburg", "SITTARD-GELEEN", "1883"),
    ("Gelderland", "NIJMEGEN", "0268"),
)
DENOMINATIONS = ("Openbaar", "Rooms-Katholiek", "Protestants-Christelijk", "Algemeen bijzonder", "Samenwerking PC, RK")
STREETS = ("Breestraat", "Kerkweg", "Schoolstraat", "Julianalaan", "Rijnsburgerweg", "Hoofdstraat", "Dorpsplein")


def brin(number: int) -> str:
    """A distinct BRIN per number: two digits and two letters, as 12AB."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return f"{number % 100:02d}{letters[number // 100 % 26]}{letters[number // 2600 % 26]}"


def locations_csv(count: int, seed: int = 1) -> bytes:
    """count school locations; about one in eight is a second location of the institution before it."""
    rng = random.Random(seed)  # noqa: S311  # repeatable sample data, not a secret
    lines = [HEADERS]
    institution, annex = -1, 0
    name = place = municipality_number = province = denomination = ""
    for _number in range(count):
        if institution < 0 or rng.random() > 0.125:
            institution, annex = institution + 1, 0
            name = rng.choice(PREFIXES) + rng.choice(NAMES)
            province, place, municipality_number = rng.choice(PLACES)
            denomination = rng.choice(DENOMINATIONS)
        else:
            annex += 1
        code = brin(institution)
        street = rng.choice(STREETS)
        number = f"{rng.randrange(1, 200)}{rng.choice(['', '', '', ' A', '-3'])}"
        postcode = f"{rng.randrange(1000, 9999)} {rng.choice('ABCDEHJKLMNPRSTVWX')}{rng.choice('ABCDEHJKLMNPRSTVWX')}"
        website = rng.choice(["", f"www.{code.lower()}.nl", f"https://www.school{institution}.nl"])
        lines.append(
            ";".join(
                [
                    province,
                    str(40000 + institution // 3),
                    code,
                    f"{code}{annex:02d}",
                    name,
                    street,
                    number,
                    postcode,
                    place,
                    municipality_number,
                    place,
                    denomination,
                    f"0{rng.randrange(10, 99)}-{rng.randrange(1000000, 9999999)}",
                    website,
                    "Postbus",
                    str(rng.randrange(1, 999)),
                    postcode,
                    place,
                    "1",
                    "Nodaal",
                    "2",
                    "RPA",
                    "3",
                    "WGR",
                    "4",
                    "COROP",
                    "5",
                    "Onderwijsgebied",
                    "6",
                    "RMC",
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")
