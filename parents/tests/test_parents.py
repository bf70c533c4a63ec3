"""The parent pages in six languages: the language menu, right to left for Arabic, the Dutch fallback with its
note, the other pages sent to Dutch, the letter with its QR code and the coordinators' edit page per language."""

import shutil

import pytest
from django.core.management import call_command

from activities.models import ActivityKind
from activities.tests.test_open_days import open_day as open_day_factory
from parents import services
from parents.models import ParentPage
from tests.factories import ActivityFactory

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]


def _url(language: str, path: str) -> str:
    return path if language == "nl" else f"/{language}{path}"


@pytest.fixture
def page(db) -> ParentPage:
    page = ParentPage(slug="ouderbijdrage", order=1)
    services.save_text(page, "nl", title="De ouderbijdrage", summary="Vrijwillig.", body="Vrijwillig betalen.")
    services.save_text(page, "ar", title="مساهمة الأهل", summary="", body="<p>طوعية</p><script>x()</script>")
    return page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_school_choice_page_is_in_each_language_with_a_menu_of_all_six(anonymous_client, language):
    html = anonymous_client.get(_url(language, "/open-dagen/school-kiezen/")).content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in html
    for code, name in [("nl", "Nederlands"), ("en", "English"), ("ar", "العربية"), ("tr", "Türkçe"),
                       ("pl", "Polski"), ("uk", "Українська")]:  # fmt: skip
        href = _url(code, "/open-dagen/school-kiezen/")
        assert f'href="{href}" lang="{code}" hreflang="{code}"' in html and f">{name}</a>" in html
    assert 'aria-current="page">' in html
    assert 'href="/scholen/"' in html


def test_the_arabic_page_is_in_arabic_chrome_and_all(anonymous_client):
    html = anonymous_client.get("/ar/open-dagen/school-kiezen/").content.decode()
    assert "اختيار مدرسة في لايدن" in html and "انتقل إلى المحتوى" in html and "القائمة الرئيسية" in html
    assert "Choosing a school" not in html and "Skip to content" not in html


def test_a_page_falls_back_to_dutch_with_a_note_in_the_visitors_language(anonymous_client, page):
    arabic = anonymous_client.get("/ar/open-dagen/school-kiezen/ouderbijdrage/").content.decode()
    assert "مساهمة الأهل" in arabic and "<script>" not in arabic and "غير متوفرة" not in arabic
    polish = anonymous_client.get("/pl/open-dagen/school-kiezen/ouderbijdrage/").content.decode()
    assert "Ta strona nie jest jeszcze dostępna w języku: Polski" in polish
    assert '<div lang="nl" dir="ltr">' in polish and "De ouderbijdrage" in polish
    # The list marks the Dutch title as Dutch too.
    listing = anonymous_client.get("/pl/open-dagen/school-kiezen/").content.decode()
    assert '<li class="rimpel-card" lang="nl" dir="ltr">' in listing


@pytest.mark.parametrize("path", ["/ar/organisaties/", "/tr/agenda/?weergave=maand", "/uk/account/inloggen/"])
def test_other_pages_asked_for_in_a_parent_only_language_go_to_dutch(anonymous_client, path):
    response = anonymous_client.get(path)
    assert response.status_code == 302
    assert response["Location"] == path[3:]


def test_english_stays_a_whole_site_language(anonymous_client):
    assert anonymous_client.get("/en/organisaties/").status_code == 200


def test_an_open_day_is_a_parent_page_and_another_activity_is_not(anonymous_client):
    open_day = open_day_factory("Open dag De Viersprong")
    other = ActivityFactory(kind=ActivityKind.EVENT)
    # The addresses before any request: a request in Turkish leaves Turkish active for reverse() in this thread.
    open_day_url, other_url = open_day.get_absolute_url(), other.get_absolute_url()
    html = anonymous_client.get(f"/tr{open_day_url}").content.decode()
    assert '<html lang="tr"' in html and "Açık gün" in html
    response = anonymous_client.get(f"/tr{other_url}")
    assert response.status_code == 302 and response["Location"] == other_url
    assert '<html lang="ar" dir="rtl"' in anonymous_client.get("/ar/open-dagen/").content.decode()


def test_the_letter_has_a_qr_code_to_the_page_in_its_language(anonymous_client):
    html = anonymous_client.get("/uk/open-dagen/schoolkeuzebrief/").content.decode()
    assert "<svg" in html and "http://testserver/uk/open-dagen/school-kiezen/" in html
    assert "parents/letter.css" in html and "Шановні батьки або опікуни," in html


def test_a_coordinator_writes_a_page_per_language(coordinator_client, page):
    url = "/open-dagen/school-kiezen/ouderbijdrage/bewerken/tr/"
    form = coordinator_client.get(url).content.decode()
    assert 'lang="tr" dir="ltr"' in form
    refused = coordinator_client.post(url, {"title": "Veli katkısı", "body": ""})
    assert refused.status_code == 200 and "Veli katkısı" in refused.content.decode()
    response = coordinator_client.post(url, {"title": "Veli katkısı", "summary": "", "body": "Gönüllü."}, follow=True)
    assert "De tekst in het Turks is opgeslagen." in response.content.decode()
    assert "Veli katkısı" in coordinator_client.get("/tr/open-dagen/school-kiezen/ouderbijdrage/").content.decode()
    # Emptying a language's title and text brings back the Dutch text.
    coordinator_client.post(url, {"title": "", "summary": "", "body": ""})
    assert services.text_of(ParentPage.objects.get(), "tr").is_fallback
    assert (
        'dir="rtl"' in coordinator_client.get("/open-dagen/school-kiezen/ouderbijdrage/bewerken/ar/").content.decode()
    )
    assert coordinator_client.get("/open-dagen/school-kiezen/ouderbijdrage/bewerken/xx/").status_code == 404


def test_a_coordinator_adds_a_page_in_dutch(coordinator_client, page):
    url = "/open-dagen/school-kiezen/nieuw/"
    taken = coordinator_client.post(url, {"slug": "ouderbijdrage", "order": 2, "title": "Dubbel", "body": "x"})
    assert "Dit webadres is al in gebruik" in taken.content.decode()
    response = coordinator_client.post(
        url, {"slug": "sleutelpas", "order": 2, "title": "De Sleutelpas", "body": "Tekst."}, follow=True
    )
    assert "De pagina is toegevoegd" in response.content.decode()
    assert ParentPage.objects.get(slug="sleutelpas").translations.get().title == "De Sleutelpas"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (xgettext, msgmerge)")
def test_the_parent_only_catalogues_are_complete():
    """Every message the parent pages show is translated into ar, tr, pl and uk (parent_messages --check)."""
    call_command("parent_messages", "--check")


def test_the_demo_pages_load_in_all_six_languages(db):
    from parents.demo import load_demo_parent_pages

    assert load_demo_parent_pages() == 4
    for page in ParentPage.objects.prefetch_related("translations"):
        assert services.languages_with_text(page) == set(LANGUAGES)
        assert services.text_of(page, "ar").body.startswith("<p>")
    # Dutch words in another language's text keep their lang (WCAG 3.1.2) through the HTML cleaning.
    help_page = ParentPage.objects.get(slug="hulp-en-geld")
    assert '<span lang="nl">brugfunctionaris</span>' in services.text_of(help_page, "ar").body


def test_a_span_keeps_only_its_language(coordinator_client, page):
    services.save_text(
        page, "pl", title="Składka", summary="", body='<p><span lang="nl" style="x" onclick="y">a</span></p>'
    )
    assert services.text_of(page, "pl").body == '<p><span lang="nl">a</span></p>'


def test_dates_on_the_parent_pages_follow_each_language(anonymous_client):
    """Django's locale formats each language's dates; Polish and Ukrainian put the month in the genitive."""
    from django.utils import translation
    from django.utils.formats import date_format

    open_day = open_day_factory("Open dag Het Kompas")
    url = open_day.get_absolute_url()
    for language in ("pl", "uk", "ar"):
        with translation.override(language):
            expected = date_format(open_day.local_start, "j E Y")
        html = anonymous_client.get(f"/{language}{url}").content.decode()
        assert expected in html, language


def test_a_path_without_prefix_does_not_follow_the_browser_into_a_parent_only_language(client, db):
    """The API's docs follow Accept-Language, but only into Dutch or English: Arabic gives the Dutch page."""
    response = client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="nl" dir="ltr"' in response.content.decode()
    assert response["Content-Language"] == "nl"


def test_a_missing_page_in_a_parent_language_says_so_in_that_language(anonymous_client):
    response = anonymous_client.get("/tr/open-dagen/school-kiezen/bestaat-niet/")
    assert response.status_code == 404 and "Sayfa bulunamadı" in response.content.decode()
