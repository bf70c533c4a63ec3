import pytest
from django.template import Context, Template
from django.test import RequestFactory

from core import contributions
from core.contributions import Section


@pytest.fixture
def slot(monkeypatch):
    monkeypatch.setattr(contributions, "_providers", contributions.defaultdict(list))
    return "test_page"


def test_sections_render_in_order_and_skip_empty_providers(slot, tmp_path, settings):
    (tmp_path / "a.html").write_text("[A {{ subject }} {{ extra }}]")
    (tmp_path / "b.html").write_text("[B {{ subject }}]")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    contributions.register(slot, lambda request, subject: Section("b.html"), order=20)
    contributions.register(slot, lambda request, subject: Section("a.html", {"extra": "<x>"}), order=10)
    contributions.register(slot, lambda request, subject: None, order=5)

    page = Template('{% load contributions %}{% contributed "test_page" subject %}')
    html = page.render(Context({"request": RequestFactory().get("/"), "subject": "S"}))

    assert html == "[A S &lt;x&gt;][B S]"


def test_registering_the_same_provider_twice_keeps_one(slot):
    def provider(request, subject):
        return None

    contributions.register(slot, provider)
    contributions.register(slot, provider, order=1)
    assert contributions.slots()[slot] == [
        f"{__name__}.test_registering_the_same_provider_twice_keeps_one.<locals>.provider"
    ]
