"""Forms speak the page's language (issue 22 §4): every label, legend, help text and choice of the project's forms
has a Dutch text (the form pages themselves are walked in tests/test_language.py).

A label taken from a model field without verbose_name ("Activities" from `activities`) is English on a Dutch page;
the forms give it a translated label instead."""

import importlib

from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

# Words that are the same in Dutch and English, so an equal text in both languages is no missing translation.
SAME_IN_BOTH = {
    "---------",
    "Agenda",
    "Audio",
    "Brochure",
    "Budget (euro)",
    "Cluster",
    "Code",
    "Contact",
    "Effect",
    "Festival",
    "Infographic",
    "Interview",
    "Interviews",
    "Label",
    "Link",
    "Open",
    "Panel",
    "Partners",
    "Podcast",
    "Postcode",
    "Professionals",
    "Ring 1",
    "Ring 2",
    "Ring 3",
    "Sector",
    "Slogan",
    "Status",
    "Tigrinya",
    "Video",
    "Website",
    "Workshop",
}


def _project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class the project's apps define in their forms and filters modules, and the forms of the formsets
    made there (their classes are made by Django, outside the project's modules)."""
    ours = {
        config.name
        for config in apps.get_app_configs()
        # The virtualenv lives inside the repository too: installed packages are not ours.
        if config.path.startswith(str(settings.BASE_DIR)) and "site-packages" not in config.path
    }
    found: set[type[forms.BaseForm]] = set()
    for app in ours:
        for name in ("forms", "filters"):
            try:
                module = importlib.import_module(f"{app}.{name}")
            except ModuleNotFoundError as missing:
                if missing.name != f"{app}.{name}":
                    raise
                continue
            found |= {
                value.form
                for value in vars(module).values()
                if isinstance(value, type) and issubclass(value, forms.BaseFormSet) and hasattr(value, "form")
            }

    def subclasses(cls):
        for subclass in cls.__subclasses__():
            yield subclass
            yield from subclasses(subclass)

    # Forms that tests define are not the project's: they exist only once their test module has been imported.
    found |= {
        cls
        for cls in subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in ours and "tests" not in cls.__module__.split(".")
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _texts(field: forms.Field):
    yield field.label
    yield field.help_text
    if not isinstance(field, forms.ModelChoiceField):
        for _value, label in getattr(field, "choices", ()):
            yield label


def test_every_form_text_has_a_dutch_translation():
    untranslated = []
    classes = _project_form_classes()
    assert len(classes) > 50  # the walk found the forms
    for cls in classes:
        for name, field in cls.base_fields.items():
            if field.widget.is_hidden:
                continue
            if field.label is None:
                untranslated.append(f"{cls.__module__}.{cls.__qualname__}.{name}: no label")
            for text in _texts(field):
                if not text:
                    continue
                with translation.override("en"):
                    english = str(text)
                with translation.override("nl"):
                    dutch = str(text)
                if dutch == english and dutch not in SAME_IN_BOTH:
                    untranslated.append(f"{cls.__module__}.{cls.__qualname__}.{name}: {dutch!r}")
    assert not untranslated, "\n".join(untranslated)
