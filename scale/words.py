"""Small Dutch word lists for synthetic networks. Names and texts are put together from these parts, so they look
Dutch without being copied from any real school, person or document."""

# Place names: a root and an ending ("Rijnwoude", "Zandhorst"), sometimes with a prefix ("Oud-Veendam").
PLACE_PREFIXES = ["", "", "", "", "Oud-", "Nieuw-", "Groot-", "Zuid-", "Noord-", "Oost-"]
PLACE_ROOTS = ["Rijn", "Vliet", "Meer", "Dijk", "Broek", "Zand", "Veen", "Berg", "Holt", "Loo", "Sloot", "Wier",
               "Hoog", "Laag", "Linde", "Eiken", "Beuk", "Wilgen", "Hazel", "Vos", "Haven", "Kade", "Ter",
               "Molen", "Burcht", "Leeu", "Ooster", "Wester", "Helde", "Rode", "Wit", "Zwart", "Groen"]
PLACE_ENDINGS = ["dam", "burg", "hout", "wijk", "veen", "stein", "horst", "dorp", "woude", "kerk", "hoven",
                 "lo", "rode", "zijl", "broek", "mond", "haven", "meer", "dijk", "sloot"]
NEIGHBOURHOOD_ENDINGS = ["wijk", "kwartier", "buurt", "park", "hof", "polder", "veld", "zoom", "eiland", "lanen"]
NEIGHBOURHOOD_ROOTS = ["Meren", "Bloemen", "Vogel", "Schilders", "Componisten", "Kanaal", "Molen", "Stations",
                       "Havens", "Bos", "Tuinen", "Sterren", "Water", "Kastelen", "Rivieren", "Dichters",
                       "Fruit", "Linnen", "Lakenvelders", "Zeilmakers", "Boerhaave", "Singel", "Hoven", "Poort"]

# Names of schools and other organisations, per kind of name.
SCHOOL_NOUNS = ["Regenboog", "Klimop", "Vlieger", "Windroos", "Zonnewijzer", "Sterrenwachter", "Tweemaster",
                "Kameleon", "Springplank", "Wilgenhof", "Lindenhof", "Morgenster", "Ontdekking", "Vuurtoren",
                "Zeppelin", "Toverbal", "Kompas", "Horizon", "Akker", "Bongerd", "Notenkraker", "Piramide",
                "Meander", "Boomgaard", "Dolfijn", "Evenaar", "Fontein", "Globe", "Hoeksteen", "Kleine Prins",
                "Lichtbaken", "Merel", "Octopus", "Paradijsvogel", "Schatkist", "Tamboerijn", "Uilenhorst",
                "Vlinderboom", "Watermolen", "Zwaluw", "Eikenhorst", "Duizendpoot", "Ark", "Brug", "Sleutel"]
ARTICLES = ["De", "Het", "De", "De", "Het"]
PO_PREFIXES = ["Basisschool", "Kindcentrum", "IKC", "OBS", "CBS", "Montessorischool", "Daltonschool",
               "Jenaplanschool", "Vrije School", "Basisschool", "Basisschool", "Kindcentrum"]
VO_PATTERNS = ["CSG {article} {noun}", "{place} College", "Stedelijk Lyceum {place}", "{surname} College",
               "Scholengemeenschap {article} {noun}", "Lyceum {article} {noun}", "Vakcollege {place}",
               "Gymnasium {place}", "{neighbourhood} College", "Atheneum {surname}"]
SO_PATTERNS = ["SO {article} {noun}", "VSO {article} {noun}", "Mytylschool {article} {noun}",
               "School voor speciaal onderwijs {article} {noun}"]
MBO_PATTERNS = ["ROC {region}", "{region} College", "mbo {place}", "Vakschool {place}"]
HBO_PATTERNS = ["Hogeschool {place}", "Hogeschool {region}", "{region} Academie"]
WO_PATTERNS = ["Universiteit {place}", "{place} Universiteit"]
KINDEROPVANG_PATTERNS = ["Kinderopvang {article} {noun}", "KDV {article} {noun}", "Peuterspeelzaal {article} {noun}",
                         "BSO {article} {noun}", "Kinderopvang {neighbourhood}"]
VOORSCHOOL_PATTERNS = ["Voorschool {article} {noun}", "Peutergroep {article} {noun}", "VVE {neighbourhood}"]
CULTUUR_PATTERNS = ["Museum {article} {noun}", "Bibliotheek {place}", "Theater {article} {noun}",
                    "Muziekschool {place}", "Cultuurhuis {neighbourhood}", "Erfgoedhuis {place}",
                    "Filmhuis {article} {noun}", "Kunstcentrum {place}", "Stadsarchief {place}",
                    "Natuurmuseum {place}", "Dansstudio {article} {noun}"]
WELZIJN_PATTERNS = ["Stichting Welzijn {place}", "Jeugdzorg {region}", "Buurthuis {article} {noun}",
                    "GGD {region}", "Jongerenwerk {neighbourhood}", "Wijkteam {neighbourhood}",
                    "Stichting {article} {noun}", "Sportbedrijf {place}"]
BEDRIJF_PATTERNS = ["{surname} & {surname2} B.V.", "{noun} Techniek", "{surname} Installatietechniek",
                    "Bouwbedrijf {surname}", "{place} Digitaal", "Laboratorium {surname}"]
KENNIS_PATTERNS = ["Kenniscentrum {topic}", "Instituut voor {topic}", "Expertisecentrum {topic} {region}",
                   "Onderzoeksbureau {surname}"]
OVERIG_PATTERNS = ["Stichting {article} {noun}", "Vereniging {article} {noun}", "Ouderplatform {place}",
                   "Stichting Vrienden van {article} {noun}"]
KNOWLEDGE_TOPICS = ["Onderwijs", "Taal", "Jeugd", "Gezondheid", "Techniek", "Gelijke Kansen", "Erfgoed",
                    "Duurzaamheid", "Leren", "Burgerschap", "Rekenen", "Lezen"]
DEPARTMENTS = ["Faculteit Sociale Wetenschappen", "Faculteit Geesteswetenschappen", "Faculteit Bètawetenschappen",
               "Lerarenopleiding", "Pabo", "Lectoraat Onderwijsinnovatie", "Afdeling Onderwijs", "Afdeling Jeugd",
               "Afdeling Cultuur", "Wetenschapsknooppunt"]
MUNICIPALITY_DEPARTMENTS = ["Afdeling Onderwijs", "Afdeling Jeugd", "Afdeling Cultuur", "Afdeling Sport",
                            "Afdeling Wijken"]

FIRST_NAMES = ["Anne", "Bram", "Charlotte", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Joost", "Kim", "Lars",
               "Maaike", "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sanne", "Thijs", "Ursula", "Vera", "Willem",
               "Yara", "Zeynep", "Mohammed", "Fatima", "Youssef", "Aylin", "Emre", "Sven", "Lieke", "Koen", "Marloes",
               "Bas", "Ingrid", "Karin", "Mark", "Esther", "Niels", "Laila", "Priya", "Rutger", "Sophie", "Tim",
               "Femke", "Jesse", "Mila", "Ruben", "Hatice", "Dewi", "Jorien", "Arjen", "Nadia", "Stijn", "Wouter"]
INFIXES = ["", "", "", "", "", "van", "de", "van der", "van den", "van de", "ter", "in 't"]
SURNAMES = ["Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
            "Brouwer", "Dijkstra", "Kok", "Vermeulen", "Willems", "Koster", "Prins", "Huisman", "Postma", "Kuipers",
            "Veenstra", "Kramer", "Schouten", "Hoekstra", "Groot", "Berg", "Linden", "Heuvel", "Wal", "Leeuwen",
            "Yilmaz", "El Amrani", "Kaya", "Bouzid", "Nguyen", "Wiersma", "Zwart", "Blom", "Maas", "Verhoeven",
            "Timmermans", "Sterk", "Molenaar", "Brink", "Hofman", "Boer", "Kamp", "Vink", "Hermans", "Koning"]

THEMES = [  # slug, Dutch, English
    ("gelijke-kansen", "Gelijke kansen", "Equal opportunities"),
    ("lezen-en-taal", "Lezen en taal", "Reading and language"),
    ("rekenen", "Rekenen", "Numeracy"),
    ("techniek", "Wetenschap en techniek", "Science and technology"),
    ("duurzaamheid", "Duurzaamheid", "Sustainability"),
    ("natuur", "Natuur en biodiversiteit", "Nature and biodiversity"),
    ("erfgoed", "Cultureel erfgoed", "Cultural heritage"),
    ("kunst-en-cultuur", "Kunst en cultuur", "Arts and culture"),
    ("burgerschap", "Burgerschap", "Citizenship"),
    ("gezondheid", "Gezondheid en bewegen", "Health and exercise"),
    ("welzijn", "Welzijn", "Wellbeing"),
    ("loopbaan", "Loopbaan en beroep", "Careers"),
    ("digitale-geletterdheid", "Digitale geletterdheid", "Digital literacy"),
    ("ouderbetrokkenheid", "Ouderbetrokkenheid", "Parental involvement"),
    ("lerarentekort", "Lerarentekort", "Teacher shortage"),
    ("inclusie", "Inclusief onderwijs", "Inclusive education"),
    ("nieuwkomers", "Nieuwkomers", "Newcomers"),
    ("professionalisering", "Professionalisering", "Professional development"),
    ("onderzoek", "Onderzoek in de school", "Research in schools"),
    ("brede-school", "Brede school", "Extended school"),
    ("armoede", "Armoede en kansen", "Poverty and opportunity"),
    ("sport", "Sport", "Sport"),
]
# Words that fit a theme, for titles and texts.
THEME_TOPICS = {
    "gelijke-kansen": ["kansengelijkheid", "de overgang van po naar vo", "het schooladvies", "talentontwikkeling"],
    "lezen-en-taal": ["leesplezier", "voorlezen", "woordenschat", "de schoolbibliotheek", "meertaligheid"],
    "rekenen": ["rekenvaardigheid", "gecijferdheid", "rekenen in de praktijk"],
    "techniek": ["onderzoekend leren", "programmeren", "techniekonderwijs", "robotica", "het makerslab"],
    "duurzaamheid": ["de klimaatopgave", "energiebesparing", "afval scheiden", "duurzame schoolgebouwen"],
    "natuur": ["de schooltuin", "biodiversiteit in de wijk", "natuureducatie", "groene schoolpleinen"],
    "erfgoed": ["de geschiedenis van de stad", "erfgoed in de klas", "het stadsarchief", "monumenten"],
    "kunst-en-cultuur": ["cultuureducatie", "muziekles", "theater in de klas", "beeldende vorming"],
    "burgerschap": ["democratie", "de gemeenteraad", "burgerschapsonderwijs", "dialoog in de klas"],
    "gezondheid": ["gezonde voeding", "bewegen op school", "de gezonde school", "mentale gezondheid"],
    "welzijn": ["welbevinden", "pesten", "de zorgstructuur", "jeugdhulp op school"],
    "loopbaan": ["loopbaanoriëntatie", "stages", "beroepen in de zorg", "technische beroepen"],
    "digitale-geletterdheid": ["mediawijsheid", "AI in de klas", "digitale vaardigheden"],
    "ouderbetrokkenheid": ["ouders als partner", "het ouderlokaal", "gesprekken met ouders"],
    "lerarentekort": ["zij-instromers", "het lerarentekort", "opleiden in de school", "startende leraren"],
    "inclusie": ["passend onderwijs", "thuiszitters", "inclusief onderwijs", "hoogbegaafdheid"],
    "nieuwkomers": ["nieuwkomersonderwijs", "de taalklas", "statushouders", "Oekraïense leerlingen"],
    "professionalisering": ["leren van elkaar", "intervisie", "de lerende organisatie", "coaching"],
    "onderzoek": ["praktijkonderzoek", "data in de school", "onderzoekende leraren", "kennisbenutting"],
    "brede-school": ["de verlengde schooldag", "naschoolse activiteiten", "de brede school"],
    "armoede": ["armoede in het gezin", "schoolkosten", "het jeugdfonds", "ontbijt op school"],
    "sport": ["sport in de wijk", "het schoolzwemmen", "buurtsportcoaches"],
}

ACTIVITY_TITLES = {  # kind: title patterns
    "event": ["Inspiratiemiddag {topic}", "Netwerkmiddag {theme}", "Conferentie {topic}", "Dag van {topic}",
              "Kennisfestival {theme}", "Stadsgesprek over {topic}", "Masterclass {topic}"],
    "meeting": ["Netwerkbijeenkomst {theme}", "Overleg {theme} {neighbourhood}", "Leergemeenschap {topic}",
                "Werkoverleg {theme}", "Ronde tafel {topic}", "Klankbordgroep {theme}"],
    "workshop": ["Workshop {topic}", "Werkplaats {topic}", "Training {topic}", "Lab {theme}",
                 "Studiemiddag {topic}", "Praktijksessie {topic}"],
    "festival": ["Festival {theme} {place}", "Wijkfestival {neighbourhood}", "Week van {topic}",
                 "Open podium {theme}"],
    "publication": ["Lancering publicatie over {topic}", "Presentatie onderzoek {topic}",
                    "Boekpresentatie {topic}"],
    "series": ["Lezingenreeks {theme}", "Cursusreeks {topic}", "Podcastreeks {theme}"],
    "other": ["Excursie {topic}", "Werkbezoek {neighbourhood}", "Inloopspreekuur {theme}", "Borrel {theme}"],
}
SENTENCES = [
    "We gaan samen aan de slag met {topic}.",
    "Professionals uit {sector} en {sector2} wisselen ervaringen uit over {topic}.",
    "Er is ruimte om vragen uit de eigen praktijk in te brengen.",
    "De bijeenkomst is bedoeld voor iedereen die werkt aan {topic} in {place}.",
    "Na afloop is er tijd om na te praten en nieuwe contacten te leggen.",
    "We laten zien wat scholen in {neighbourhood} al doen rond {topic}.",
    "Onderzoekers delen de eerste resultaten en vragen om reactie.",
    "Leerlingen presenteren wat zij hebben ontdekt over {topic}.",
    "Deelname is gratis; aanmelden is wel nodig.",
    "We sluiten af met concrete afspraken voor het komende schooljaar.",
    "Het programma wordt samen met {organisation} georganiseerd.",
    "Kinderen, ouders en leraren gaan in gesprek over {topic}.",
]
PROJECT_TITLES = ["{topic} in {neighbourhood}", "Samen sterk voor {topic}", "Pilot {topic}",
                  "Aanpak {topic} {place}", "{theme} op school", "Kennisnetwerk {topic}", "Proeftuin {topic}",
                  "Doorlopende leerlijn {theme}", "{theme} in de wijk"]
OFFERING_TITLES = {
    "guest_lesson": ["Gastles {topic}", "Een professional in de klas: {topic}"],
    "workshop": ["Workshop {topic}", "Doe-middag {topic}"],
    "programme": ["Lesprogramma {topic}", "Leerlijn {theme}", "Projectweken {topic}"],
    "excursion": ["Excursie {topic}", "Op bezoek bij {organisation}", "Wandeling {topic}"],
    "professional": ["Nascholing {topic}", "Training voor leraren: {topic}", "Cursus {topic}"],
    "material": ["Lespakket {topic}", "Leskist {theme}", "Digitale les {topic}"],
    "other": ["Spreekuur {topic}", "Uitleenservice {theme}"],
}
PROGRAMME_NAMES = ["{theme}agenda {place}", "Programma {theme} {place}", "Samen voor {topic}",
                   "Offensief {theme} {region}", "Kansrijk {place}", "Pact {theme} {region}",
                   "Brede aanpak {topic}", "Stadsprogramma {theme}"]
AMBITIONS = ["Elk kind krijgt kansen rond {topic}", "Professionals versterken elkaar in {topic}",
             "Scholen en partners werken samen aan {topic}", "Ouders doen mee bij {topic}",
             "De wijk is de leeromgeving voor {topic}", "Meer leerlingen kiezen voor {topic}"]
ACTIONS = ["Netwerk {topic}", "Scholing {topic}", "Pilotscholen {topic}", "Wijkaanpak {neighbourhood}",
           "Onderzoek {topic}", "Communicatie en bereik", "Leergemeenschap {theme}", "Ondersteuning scholen"]
INDICATORS = [("Aantal deelnemende scholen", "scholen"), ("Aantal bereikte leerlingen", "leerlingen"),
              ("Aandeel leraren dat zich bekwaam voelt", "%"), ("Aantal thuiszitters", "leerlingen"),
              ("Aantal samenwerkingsverbanden", "verbanden"), ("Aandeel ouders dat meedoet", "%")]
PROGRAMME_FIGURES = [("Bereikte leerlingen", "leerlingen"), ("Getrainde professionals", "professionals"),
                     ("Deelnemende scholen", "scholen"), ("Bezoekers website", "bezoekers")]
PERSON_TITLES = ["leerkracht", "docent", "directeur", "teamleider", "intern begeleider", "beleidsmedewerker",
                 "projectleider", "educatiemedewerker", "onderzoeker", "lector", "coördinator", "adviseur",
                 "bestuurder", "pedagogisch medewerker", "jongerenwerker", "bibliothecaris"]

# Respondents of stories and participants of activities, per sector: roles as people write them.
ROLES = {
    "po": ["leerkracht", "intern begeleider", "directeur po", "leerkracht groep 8", "bestuurder PO"],
    "vo": ["docent vo", "teamleider", "decaan", "mentor", "bestuurder PO/VO"],
    "so": ["leerkracht so", "orthopedagoog"],
    "mbo": ["docent mbo", "student mbo", "opleidingsmanager"],
    "hbo": ["docent hbo", "student pabo", "lector", "onderzoeker"],
    "wo": ["onderzoeker", "student", "hoogleraar"],
    "gemeente": ["beleidsmedewerker", "wethouder", "wijkregisseur"],
    "kinderopvang": ["pedagogisch medewerker", "locatiemanager"],
    "voorschool": ["pedagogisch medewerker vve", "coördinator vve"],
    "cultuur": ["educatiemedewerker", "museumdocent", "bibliothecaris"],
    "welzijn_zorg": ["jongerenwerker", "schoolmaatschappelijk werker", "jeugdverpleegkundige"],
    "bedrijf": ["ondernemer", "praktijkopleider"],
    "kennisinstelling": ["onderzoeker", "adviseur"],
    "overig": ["ouder", "vrijwilliger"],
}

STORY_RING_SENTENCES = {
    1: ["Ik heb veel geleerd over {topic}.", "Ik ontmoette {people} die ik nog niet kende.",
        "De bijeenkomst gaf me energie om verder te gaan met {topic}.",
        "Voor het eerst hoorde ik hoe {others} naar {topic} kijken.",
        "Het was fijn om met {people} te praten over {topic}.",
        "Ik ging naar huis met praktische ideeën voor mijn klas.",
        "De sfeer was open en iedereen durfde vragen te stellen.",
        "Ik wist niet dat er in {place} al zoveel gebeurt rond {topic}."],
    2: ["Sindsdien werk ik samen met {others} aan {topic}.", "Ik kijk nu anders naar {group}.",
        "We zijn met een paar scholen een werkgroep gestart over {topic}.",
        "Ik bel nu makkelijker iemand van {organisation} als ik een vraag heb.",
        "In ons team praten we vaker over {topic}.",
        "Ik pas in mijn lessen nu toe wat ik leerde over {topic}.",
        "Onze school heeft contact gelegd met {organisation}.",
        "Leerlingen merken dat we anders lesgeven."],
    3: ["In {neighbourhood} is een vaste samenwerking ontstaan rond {topic}.",
        "De school heeft {topic} opgenomen in het schoolplan.",
        "De gemeente financiert nu een vervolg op {topic}.",
        "Er zijn minder leerlingen uitgevallen dan de jaren ervoor.",
        "Het bestuur heeft besloten de aanpak op alle scholen in te voeren.",
        "Ouders in de wijk zijn actiever betrokken bij de school.",
        "De samenwerking tussen po en vo is nu vast geregeld.",
        "Andere wijken nemen de aanpak over."],
}
PEOPLE = ["collega's van andere scholen", "ouders uit de wijk", "onderzoekers", "studenten", "beleidsmakers",
          "mensen uit het mbo", "leraren uit het vo", "pedagogisch medewerkers"]
GROUPS = ["nieuwkomers", "ouders", "leerlingen met een taalachterstand", "collega's uit het mbo", "de wijk",
          "jonge kinderen", "mijn eigen lessen"]
QUOTES = ["Ik had nooit gedacht dat dit zoveel zou losmaken.", "Dit moeten we elk jaar doen.",
          "Eindelijk zaten we eens met iedereen aan tafel.", "De kinderen praten er thuis nog steeds over.",
          "Het netwerk maakt het verschil.", "Ik weet nu wie ik kan bellen.",
          "We leren meer van elkaar dan van welke cursus ook."]
REPORT_SENTENCES = [
    "In {year} hebben we de samenwerking rond {topic} verder uitgebouwd.",
    "Niet alle scholen konden meedoen door het lerarentekort.",
    "De opkomst bij de bijeenkomsten was hoger dan verwacht.",
    "We willen de aanpak het komende jaar breder in de stad inzetten.",
    "Partners noemen vooral de korte lijnen als winst.",
    "Het bereiken van ouders blijft lastig.",
    "De aanpak is onderzocht met interviews en een vragenlijst.",
    "Deze rapportage bouwt voort op de evaluatie van het vorige jaar.",
]
NETWORK_ROLES = [("platform", "Platform", "Platform", "Het netwerk brengt mensen en organisaties samen."),
                 ("makelaar", "Makelaar", "Broker", "Het netwerk verbindt vragen aan mensen die kunnen helpen."),
                 ("pionier", "Pionier", "Pioneer", "Het netwerk probeert nieuwe aanpakken uit."),
                 ("verdiepen", "Verdiepen", "Deepen", "Het netwerk deelt kennis en onderzoek.")]
