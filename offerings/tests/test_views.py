"""Creating, editing, publishing and deleting offerings, what bad input does, and what the offering page shows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.models import PublicationStatus
from offerings.models import Audience, Offering
from offerings.tests.factories import OfferingFactory
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

CREATE_URL = "/aanbod/nieuw/"
SAVED_AS_DRAFT = "The offering was saved as a draft. A coordinator publishes it."
GROUPS_WITHOUT_PO = "Groups are for primary schools: tick “%(po)s” under “For”."
GROUPS_SWAPPED = "The last group comes before the first; swap them."
NO_PRICE = "Give a price, say something about it, or tick “free”."
BACK_TO_DRAFT = "Your changes were saved. They go public once a coordinator publishes them again."


def dutch(message: str, **values) -> str:
    """The message as a Dutch page shows it (the translation, or the English text while there is none)."""
    with translation.override("nl"):
        text = gettext(message)
        return text % values if values else text


def groups_without_po() -> str:
    with translation.override("nl"):  # the label in Dutch too
        return dutch(GROUPS_WITHOUT_PO, po=str(Audience.PO.label))


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")


def form_data(provider, **overrides):
    data = {
        "provider": provider.pk,
        "title": "Gastles klimaat",
        "kind": "guest_lesson",
        "description": "Studenten vertellen over het klimaat.",
        "audience_codes": ["po"],
        "grade_from": "7",
        "grade_to": "8",
        "price": "45",
        "price_note": "per klas",
        "duration": "1 uur",
        "place": "Bibliotheek Leiden",
        "at_school": "on",
        "language_codes": ["nl", "ar"],
        "contact": "les@example.org",
        "booking": "https://example.org/boeken",
        "expires_on": "",
        "form_token": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def edit_url(offering):
    return f"{offering.get_absolute_url()}bewerken/"


def publish_url(offering):
    return f"{offering.get_absolute_url()}publiceren/"


def delete_url(offering):
    return f"{offering.get_absolute_url()}verwijderen/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def offering_a(org_a):
    return OfferingFactory(
        title="Leesles",
        provider=org_a,
        publication_status=PublicationStatus.DRAFT,
        audience_codes=["po", "vo"],
        language_codes=["nl", "tr"],
        is_free=False,
        price=Decimal("30"),
    )


@pytest.fixture
def published_a(org_a):
    return OfferingFactory(title="Rekenles", provider=org_a, publication_status=PublicationStatus.PUBLISHED)


class TestCreatePermissions:
    @pytest.mark.parametrize(
        "persona_client, choices",
        [
            ("anonymous", None),
            ("coordinator", {"Organisatie A", "Organisatie B"}),
            ("editor_a", {"Organisatie A"}),
            ("editor_b", {"Organisatie B"}),
        ],
        indirect=["persona_client"],
    )
    def test_provider_choices_are_only_ones_own_organisations(self, persona_client, choices):
        response = persona_client.get(CREATE_URL)
        if choices is None:
            assert_login_redirect(response)
            return
        assert response.status_code == 200
        assert {org.name for org in response.context["form"].fields["provider"].queryset} == choices

    def test_an_editor_of_one_organisation_finds_it_chosen(self, editor_a_client, org_a):
        form = editor_a_client.get(CREATE_URL).context["form"]
        assert form.initial["provider"] == org_a
        assert form["provider"].value() == org_a.pk

    def test_anonymous_post_goes_to_the_login_and_saves_nothing(self, anonymous_client, org_a):
        assert_login_redirect(anonymous_client.post(CREATE_URL, form_data(org_a)))
        assert not Offering.objects.exists()

    def test_member_without_organisation_is_refused(self, member_client, org_a):
        assert member_client.get(CREATE_URL).status_code == 403
        assert member_client.post(CREATE_URL, form_data(org_a)).status_code == 403
        assert not Offering.objects.exists()

    def test_editor_a_cannot_offer_in_the_name_of_organisation_b(self, editor_a_client, org_b):
        response = editor_a_client.post(CREATE_URL, form_data(org_b))
        assert response.status_code == 400
        assert "provider" in response.context["form"].errors
        assert not Offering.objects.exists()


class TestCreate:
    def test_editor_saves_a_draft_with_everything_typed(self, editor_a_client, anonymous_client, org_a):
        theme = ThemeFactory(name="Duurzaamheid")
        response = editor_a_client.post(CREATE_URL, form_data(org_a, themes=[theme.pk]), follow=True)
        offering = Offering.objects.get()
        assert response.redirect_chain == [(offering.get_absolute_url(), 302)]
        assert messages_of(response) == [dutch(SAVED_AS_DRAFT)]
        assert offering.publication_status == PublicationStatus.DRAFT
        assert offering.provider == org_a
        assert offering.slug == "gastles-klimaat"
        assert offering.audiences == " po "
        assert offering.languages == " ar nl "
        assert (offering.grade_from, offering.grade_to) == (7, 8)
        assert offering.price == Decimal("45") and not offering.is_free
        assert offering.at_school and offering.booking == "https://example.org/boeken"
        assert list(offering.themes.all()) == [theme]
        assert anonymous_client.get(offering.get_absolute_url()).status_code == 404

    def test_even_the_coordinators_new_offering_starts_as_a_draft(self, coordinator_client, org_a):
        coordinator_client.post(CREATE_URL, form_data(org_a))
        assert Offering.objects.get().publication_status == PublicationStatus.DRAFT

    @pytest.mark.parametrize("grades, stored", [(("5", ""), (5, 8)), (("", "4"), (1, 4)), (("", ""), (None, None))])
    def test_one_group_given_fills_in_the_other_end(self, editor_a_client, org_a, grades, stored):
        editor_a_client.post(CREATE_URL, form_data(org_a, grade_from=grades[0], grade_to=grades[1]))
        offering = Offering.objects.get()
        assert (offering.grade_from, offering.grade_to) == stored

    def test_free_clears_the_price(self, editor_a_client, org_a):
        response = editor_a_client.post(CREATE_URL, form_data(org_a, is_free="on", price="45", price_note=""))
        assert response.status_code == 302
        offering = Offering.objects.get()
        assert offering.is_free and offering.price is None

    def test_a_note_about_the_price_is_enough(self, editor_a_client, org_a):
        response = editor_a_client.post(CREATE_URL, form_data(org_a, price="", price_note="Op aanvraag"))
        assert response.status_code == 302
        offering = Offering.objects.get()
        assert offering.price is None and offering.price_note == "Op aanvraag"

    def test_a_title_that_is_a_path_word_does_not_hide_the_create_page(self, editor_a_client, org_a):
        editor_a_client.post(CREATE_URL, form_data(org_a, title="Nieuw"))
        assert Offering.objects.get().slug != "nieuw"
        assert editor_a_client.get(CREATE_URL).context["form"].instance.pk is None

    def test_same_title_gets_its_own_slug(self, editor_a_client, org_a):
        OfferingFactory(title="Gastles klimaat")
        editor_a_client.post(CREATE_URL, form_data(org_a))
        assert Offering.objects.order_by("pk").last().slug == "gastles-klimaat-2"

    def test_posted_twice_saves_once(self, editor_a_client, org_a):
        token = editor_a_client.get(CREATE_URL).context["form"].initial["form_token"]
        first = editor_a_client.post(CREATE_URL, form_data(org_a, form_token=token))
        second = editor_a_client.post(CREATE_URL, form_data(org_a, form_token=token))
        assert Offering.objects.count() == 1
        assert first["Location"] == second["Location"] == Offering.objects.get().get_absolute_url()


class TestBadInput:
    def test_groups_without_primary_school_keeps_what_was_typed(self, editor_a_client, org_a):
        response = editor_a_client.post(
            CREATE_URL, form_data(org_a, audience_codes=["vo"], title="Klimaatles vo", price="12.50")
        )
        assert response.status_code == 400
        assert response.context["form"].errors["grade_from"] == [groups_without_po()]
        html = response.content.decode()
        assert groups_without_po() in html
        assert 'value="Klimaatles vo"' in html and 'value="12.50"' in html and 'value="per klas"' in html
        assert 'value="https://example.org/boeken"' in html
        assert response.context["form"]["audience_codes"].value() == ["vo"]
        assert not Offering.objects.exists()

    def test_groups_in_the_wrong_order(self, editor_a_client, org_a):
        response = editor_a_client.post(CREATE_URL, form_data(org_a, grade_from="8", grade_to="5"))
        assert response.status_code == 400
        assert response.context["form"].errors["grade_to"] == [dutch(GROUPS_SWAPPED)]
        assert dutch(GROUPS_SWAPPED) in response.content.decode()
        assert not Offering.objects.exists()

    def test_neither_free_nor_price_nor_note(self, editor_a_client, org_a):
        response = editor_a_client.post(CREATE_URL, form_data(org_a, price="", price_note=""))
        assert response.status_code == 400
        assert response.context["form"].errors["price"] == [dutch(NO_PRICE)]
        assert 'value="Gastles klimaat"' in response.content.decode()
        assert not Offering.objects.exists()

    @pytest.mark.parametrize("grade", ["0", "9"])
    def test_a_group_outside_1_to_8(self, editor_a_client, org_a, grade):
        response = editor_a_client.post(CREATE_URL, form_data(org_a, grade_from=grade, grade_to=""))
        assert response.status_code == 400
        assert "grade_from" in response.context["form"].errors
        assert not Offering.objects.exists()

    def test_missing_required_fields(self, editor_a_client, org_a):
        response = editor_a_client.post(CREATE_URL, form_data(org_a, title="", description="", audience_codes=[]))
        assert response.status_code == 400
        assert {"title", "description", "audience_codes"} <= set(response.context["form"].errors)

    def test_an_end_date_in_the_past_is_refused(self, editor_a_client, org_a):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        response = editor_a_client.post(CREATE_URL, form_data(org_a, expires_on=yesterday.isoformat()), follow=True)
        assert response.status_code == 400
        assert "expires_on" in response.context["form"].errors
        assert not Offering.objects.exists()

    def test_in_english_under_en(self, editor_a_client, org_a):
        response = editor_a_client.post("/en" + CREATE_URL, form_data(org_a, price="", price_note=""))
        assert NO_PRICE in response.content.decode()

    def test_the_messages_are_dutch_on_the_dutch_page(self, editor_a_client, org_a):
        swapped = editor_a_client.post(CREATE_URL, form_data(org_a, grade_from="8", grade_to="5"))
        no_price = editor_a_client.post(CREATE_URL, form_data(org_a, price="", price_note=""))
        no_po = editor_a_client.post(CREATE_URL, form_data(org_a, audience_codes=["vo"]))
        assert GROUPS_SWAPPED not in swapped.content.decode()
        assert NO_PRICE not in no_price.content.decode()
        assert "Groups are for primary schools" not in no_po.content.decode()


class TestEdit:
    @pytest.mark.parametrize(
        "persona_client, expected",
        [
            ("anonymous", "login"),
            ("coordinator", 200),
            ("editor_a", 200),
            ("editor_b", 404),
        ],
        indirect=["persona_client"],
    )
    def test_get(self, persona_client, expected, offering_a):
        response = persona_client.get(edit_url(offering_a))
        if expected == "login":
            assert_login_redirect(response)
            return
        assert response.status_code == expected

    @pytest.mark.parametrize(
        "persona_client, allowed",
        [
            ("anonymous", False),
            ("coordinator", True),
            ("editor_a", True),
            ("editor_b", False),
        ],
        indirect=["persona_client"],
    )
    def test_post(self, persona_client, allowed, offering_a, org_a):
        response = persona_client.post(edit_url(offering_a), form_data(org_a, title="Leesles verbeterd"))
        offering_a.refresh_from_db()
        if allowed:
            assert response.status_code == 302
            assert response["Location"] == offering_a.get_absolute_url()
            assert offering_a.title == "Leesles verbeterd"
            assert offering_a.slug == "leesles"
        else:
            assert response.status_code in (302, 404)  # a draft another organisation may not see: 404 (issue 20)
            if response.status_code == 302:
                assert_login_redirect(response)
            assert offering_a.title == "Leesles"

    def test_the_form_shows_the_stored_codes_ticked(self, editor_a_client, offering_a):
        form = editor_a_client.get(edit_url(offering_a)).context["form"]
        assert form["audience_codes"].value() == ["po", "vo"]
        assert form["language_codes"].value() == ["nl", "tr"]
        html = editor_a_client.get(edit_url(offering_a)).content.decode()
        assert 'value="Leesles"' in html
        for name, code in [("audience_codes", "vo"), ("language_codes", "tr")]:
            tag = html.split(f'name="{name}" value="{code}"')[1].split(">")[0]
            assert "checked" in tag

    def test_editor_a_cannot_move_the_offering_to_organisation_b(self, editor_a_client, offering_a, org_b):
        response = editor_a_client.post(edit_url(offering_a), form_data(org_b))
        assert response.status_code == 400
        assert "provider" in response.context["form"].errors
        offering_a.refresh_from_db()
        assert offering_a.provider.name == "Organisatie A"

    def test_an_editors_change_to_a_published_offering_sends_it_back_to_draft(
        self, editor_a_client, anonymous_client, published_a, org_a
    ):
        response = editor_a_client.post(
            edit_url(published_a), form_data(org_a, title="Stilletjes veranderd"), follow=True
        )
        assert messages_of(response) == [dutch(BACK_TO_DRAFT)]
        published_a.refresh_from_db()
        assert published_a.title == "Stilletjes veranderd"
        assert published_a.publication_status == PublicationStatus.DRAFT
        assert anonymous_client.get(published_a.get_absolute_url()).status_code == 404

    def test_the_coordinators_change_keeps_it_published(self, coordinator_client, anonymous_client, published_a, org_a):
        coordinator_client.post(edit_url(published_a), form_data(org_a, title="Verbeterd"))
        published_a.refresh_from_db()
        assert published_a.title == "Verbeterd" and published_a.is_published
        assert anonymous_client.get(published_a.get_absolute_url()).status_code == 200

    def test_editing_does_not_publish(self, editor_a_client, offering_a, org_a):
        editor_a_client.post(edit_url(offering_a), form_data(org_a, publication_status="published"))
        offering_a.refresh_from_db()
        assert offering_a.publication_status == PublicationStatus.DRAFT

    def test_bad_input_changes_nothing(self, editor_a_client, offering_a, org_a):
        response = editor_a_client.post(
            edit_url(offering_a), form_data(org_a, title="Half", grade_from="8", grade_to="2")
        )
        assert response.status_code == 400
        assert 'value="Half"' in response.content.decode()
        offering_a.refresh_from_db()
        assert offering_a.title == "Leesles" and offering_a.grade_from is None

    def test_unticking_free_and_giving_a_price(self, editor_a_client, org_a):
        free = OfferingFactory(provider=org_a, is_free=True, publication_status=PublicationStatus.DRAFT)
        editor_a_client.post(edit_url(free), form_data(org_a, price="12.5"))
        free.refresh_from_db()
        assert not free.is_free and free.price == Decimal("12.50")

    def test_missing_offering_is_404(self, coordinator_client):
        assert coordinator_client.get("/aanbod/bestaat-niet/bewerken/").status_code == 404


class TestPublish:
    @pytest.mark.parametrize(
        "persona_client, allowed",
        [
            ("anonymous", False),
            ("coordinator", True),
            ("editor_a", False),
            ("editor_b", False),
        ],
        indirect=["persona_client"],
    )
    def test_only_the_coordinator_publishes(self, persona_client, allowed, offering_a):
        response = persona_client.post(publish_url(offering_a), {"publish": "1"})
        offering_a.refresh_from_db()
        if allowed:
            assert response.status_code == 302
            assert response["Location"] == offering_a.get_absolute_url()
            assert offering_a.publication_status == PublicationStatus.PUBLISHED
        else:
            if response.status_code == 302:
                assert_login_redirect(response)
            else:
                assert response.status_code in (403, 404)  # a draft another organisation may not see: 404 (issue 20)
            assert offering_a.publication_status == PublicationStatus.DRAFT

    def test_published_is_public_and_back_to_draft_hides_it(self, coordinator_client, anonymous_client, offering_a):
        assert anonymous_client.get(offering_a.get_absolute_url()).status_code == 404
        coordinator_client.post(publish_url(offering_a), {"publish": "1"})
        assert "Leesles" in anonymous_client.get(offering_a.get_absolute_url()).content.decode()
        assert "Leesles" in anonymous_client.get("/aanbod/").content.decode()
        coordinator_client.post(publish_url(offering_a), {"publish": "0"})
        assert anonymous_client.get(offering_a.get_absolute_url()).status_code == 404

    def test_only_post(self, coordinator_client, offering_a):
        assert coordinator_client.get(publish_url(offering_a)).status_code == 405
        offering_a.refresh_from_db()
        assert offering_a.publication_status == PublicationStatus.DRAFT

    def test_the_publish_button_is_for_the_coordinator_only(self, coordinator_client, editor_a_client, offering_a):
        assert publish_url(offering_a) in coordinator_client.get(offering_a.get_absolute_url()).content.decode()
        html = editor_a_client.get(offering_a.get_absolute_url()).content.decode()
        assert publish_url(offering_a) not in html
        assert edit_url(offering_a) in html


class TestDelete:
    def test_an_editor_deletes_their_own_draft(self, editor_a_client, offering_a):
        assert editor_a_client.get(delete_url(offering_a)).status_code == 200
        response = editor_a_client.post(delete_url(offering_a))
        assert response.status_code == 302 and response["Location"] == "/aanbod/"
        assert not Offering.objects.filter(pk=offering_a.pk).exists()

    def test_an_editor_cannot_delete_a_published_offering(self, editor_a_client, published_a):
        assert editor_a_client.get(delete_url(published_a)).status_code == 403
        assert editor_a_client.post(delete_url(published_a)).status_code == 403
        assert Offering.objects.filter(pk=published_a.pk).exists()
        assert delete_url(published_a) not in editor_a_client.get(published_a.get_absolute_url()).content.decode()

    def test_another_organisations_editor_cannot_delete_a_draft(self, editor_b_client, offering_a):
        assert editor_b_client.post(delete_url(offering_a)).status_code == 404
        assert Offering.objects.filter(pk=offering_a.pk).exists()

    def test_anonymous_goes_to_the_login(self, anonymous_client, offering_a):
        assert_login_redirect(anonymous_client.post(delete_url(offering_a)))
        assert Offering.objects.filter(pk=offering_a.pk).exists()

    def test_the_coordinator_deletes_a_published_offering(self, coordinator_client, published_a):
        assert coordinator_client.post(delete_url(published_a)).status_code == 302
        assert not Offering.objects.filter(pk=published_a.pk).exists()


class TestDetail:
    def test_shows_cost_groups_languages_themes_and_place(self, anonymous_client, org_a):
        theme = ThemeFactory(name="Cultureel erfgoed")
        offering = OfferingFactory(
            title="Verhalen in schilderijen",
            provider=org_a,
            kind="excursion",
            grade_from=3,
            grade_to=6,
            is_free=False,
            price=Decimal("7.50"),
            price_note="per leerling",
            language_codes=["nl", "ar"],
            place="Museum De Lakenhal",
            at_school=True,
            duration="1,5 uur",
            contact="educatie@example.org",
            expires_on=timezone.localdate() + dt.timedelta(days=30),
            themes=[theme],
        )
        response = anonymous_client.get(offering.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        with translation.override("nl"):
            expected = [gettext("Excursion"), gettext("Arabic"), gettext("Dutch"), str(Audience.PO.label)]
        assert "€ 7,50 per leerling" in html
        assert "3–6" in html
        for text in [
            *expected,
            "Cultureel erfgoed",
            "Museum De Lakenhal",
            "1,5 uur",
            "educatie@example.org",
            "Organisatie A",
            org_a.get_absolute_url(),
        ]:
            assert text in html, text

    def test_a_free_offering_says_so(self, anonymous_client):
        offering = OfferingFactory(title="Gratis les", is_free=True, price=None)
        html = anonymous_client.get(offering.get_absolute_url()).content.decode()
        with translation.override("nl"):
            assert gettext("Free") in html
        assert "€" not in html

    @pytest.mark.parametrize("booking", ["https://example.org/boek", "http://example.org/boek"])
    def test_a_web_address_becomes_a_booking_link(self, anonymous_client, booking):
        offering = OfferingFactory(title="Boekbaar", booking=booking)
        html = anonymous_client.get(offering.get_absolute_url()).content.decode()
        assert f'href="{booking}"' in html

    @pytest.mark.parametrize(
        "booking",
        [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "Stuur een e-mail met je vraag.",
        ],
    )
    def test_anything_else_stays_text(self, anonymous_client, booking):
        offering = OfferingFactory(title="Niet boekbaar", booking=booking)
        html = anonymous_client.get(offering.get_absolute_url()).content.decode()
        assert 'href="javascript:' not in html.lower() and 'href="data:' not in html.lower()
        assert "<script>alert(1)" not in html
        # Shown as (escaped) text after "How to book:".
        assert f"{dutch('How to book:')}</strong> {escape(booking)}" in html

    def test_a_javascript_address_typed_in_the_form_is_not_linked(self, editor_a_client, org_a):
        editor_a_client.post(CREATE_URL, form_data(org_a, booking="javascript:alert(1)"))
        offering = Offering.objects.get()
        html = editor_a_client.get(offering.get_absolute_url()).content.decode()
        assert "javascript:alert(1)" in html
        assert 'href="javascript:' not in html

    def test_html_in_the_texts_is_escaped(self, anonymous_client):
        offering = OfferingFactory(
            title="<i>Schuin</i>",
            slug="schuin",
            description='<script>alert("x")</script>\n\nTweede alinea',
            place="<b>Plein</b>",
            price_note="<u>per klas</u>",
            is_free=False,
            price=5,
        )
        html = anonymous_client.get(offering.get_absolute_url()).content.decode()
        assert '<script>alert("x")</script>' not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "<i>Schuin</i>" not in html and "&lt;i&gt;Schuin&lt;/i&gt;" in html
        assert "<b>Plein</b>" not in html and "<u>per klas</u>" not in html
        # Paragraphs still become paragraphs.
        assert "<p>Tweede alinea</p>" in html

    def test_missing_offering_is_404(self, anonymous_client):
        assert anonymous_client.get("/aanbod/bestaat-niet/").status_code == 404
