"""The default netwerkimpactmodel every new network starts with (the brief's defaults), editable afterwards."""

RINGS = [
    (
        1,
        "Eerstegraads impact",
        "First-degree impact",
        "Directe, telbare resultaten van een activiteit: wie kwam er, wat vonden ze ervan, wat namen ze mee.",
        [
            ("Ontmoeting & bereik", "Encounter & reach"),
            ("Waardering & betrokkenheid", "Appreciation & engagement"),
            ("Kennis & bewustzijn", "Knowledge & awareness"),
        ],
    ),
    (
        2,
        "Tweedegraads impact",
        "Second-degree impact",
        "Wat er verandert tussen mensen en organisaties: hoe ze elkaar zien, vinden en anders gaan werken.",
        [
            ("Begrip & beeldvorming", "Understanding & perception"),
            ("Verbindingen & initiatieven", "Connections & initiatives"),
            ("Houding & gedrag", "Attitude & behaviour"),
        ],
    ),
    (
        3,
        "Derdegraads impact",
        "Third-degree impact",
        "Blijvende effecten in de stad: sociaal en cultureel, economisch en in hoe het onderwijs is ingericht.",
        [
            ("Sociaal-culturele effecten", "Social and cultural effects"),
            ("Economische effecten", "Economic effects"),
            ("Structurele verankering", "Structural embedding"),
        ],
    ),
]

TARGET_GROUPS = [
    ("professional", "Professionals", "Professionals"),
    ("community", "Gemeenschap", "Community"),
    ("partners", "Partners", "Partners"),
]


def create_defaults(ImpactModel, Ring, Dimension, TargetGroup) -> None:
    """Create the default model once; takes model classes so a data migration can pass its historical ones."""
    if not ImpactModel.objects.exists():
        model = ImpactModel.objects.create(
            name="Netwerkimpactmodel",
            inputs_people="Verkenners, zichthouders en de mensen van de partners die hun tijd en kennis delen.",
            inputs_means="Geld, ruimte en menskracht van de partners en de gemeente.",
            inputs_identity="Een gedeeld verhaal: samen leren en vernieuwen in het Leidse onderwijs.",
        )
        for number, name, name_en, description, dimensions in RINGS:
            ring = Ring.objects.create(model=model, number=number, name=name, name_en=name_en, description=description)
            for position, (dimension, dimension_en) in enumerate(dimensions):
                Dimension.objects.create(ring=ring, name=dimension, name_en=dimension_en, position=position)
    for position, (slug, name, name_en) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en, "position": position})
