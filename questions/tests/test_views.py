"""Asking, reading, offering help and closing questions, for each persona."""

import pytest
from django.urls import reverse

from core.models import Sector
from questions.models import Question, QuestionStatus, Response
from questions.services import save_question
from tests.factories import LineFactory, OrganisationFactory, PersonFactory, ThemeFactory, UserFactory


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Duurzaamheid", slug="duurzaamheid")


@pytest.fixture
def asker(db):
    user = UserFactory(username="asker", first_name="Vera", last_name="Vraag")
    PersonFactory(name="Vera Vraag", organisation=OrganisationFactory(name="Groene Lyceum"), user=user)
    return user


def ask(
    asker,
    *,
    title="Wie helpt ons schoolplein vergroenen?",
    visibility="public",
    themes=(),
    line=None,
    status=QuestionStatus.OPEN,
) -> Question:
    question = Question(
        title=title,
        looking_for="Een partner met ervaring.",
        asker=asker,
        visibility=visibility,
        line=line,
        status=status,
    )
    return save_question(question, themes=themes, sector_codes=[Sector.VO])


@pytest.fixture
def asker_client(client, asker):
    client.force_login(asker)
    return client


def test_a_member_asks_and_lands_on_the_question_with_suggestions(member_client, theme):
    OrganisationFactory(name="Natuurmuseum").themes.set([theme])
    form = member_client.get(reverse("questions:create")).context["form"]
    response = member_client.post(
        reverse("questions:create"),
        {
            "title": "Hoe vergroenen we het plein?",
            "looking_for": "We zoeken een partner.",
            "themes": [theme.pk],
            "sector_codes": ["vo"],
            "visibility": "members",
            "form_token": form.initial["form_token"],
        },
        follow=True,
    )

    question = Question.objects.get()
    assert response.redirect_chain[-1][0] == question.get_absolute_url()
    assert question.sector_codes() == ["vo"] and question.members_only and question.is_open
    page = response.content.decode()
    assert "Natuurmuseum" in page
    assert "rimpel-messages" in page  # the confirmation


def test_the_same_form_posted_twice_makes_one_question(member_client):
    token = member_client.get(reverse("questions:create")).context["form"].initial["form_token"]
    data = {"title": "Eén vraag", "looking_for": "Tekst.", "visibility": "public", "form_token": token}
    member_client.post(reverse("questions:create"), data)
    second = member_client.post(reverse("questions:create"), data)
    assert Question.objects.count() == 1
    assert second.status_code == 302


def test_a_form_with_errors_keeps_what_was_typed(member_client):
    response = member_client.post(
        reverse("questions:create"), {"title": "", "looking_for": "Mijn lange uitleg", "visibility": "public"}
    )
    assert response.status_code == 400
    assert "Mijn lange uitleg" in response.content.decode()
    assert Question.objects.count() == 0


def test_asking_needs_a_login(anonymous_client):
    response = anonymous_client.get(reverse("questions:create"))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_a_line_can_be_chosen_from_the_line_page(member_client):
    line = LineFactory(slug="groene-lijn")
    form = member_client.get(reverse("questions:create") + "?lijn=groene-lijn").context["form"]
    assert form.initial["line"] == line
    for odd in ("%00", "bestaat-niet", "<b>", "x" * 500):
        response = member_client.get(reverse("questions:create") + f"?lijn={odd}")
        assert response.status_code == 200 and response.context["form"].initial.get("line") is None


def test_the_public_reads_public_questions_only(anonymous_client, asker):
    public = ask(asker, title="Openbare vraag")
    members = ask(asker, title="Vraag voor leden", visibility="members")

    listing = anonymous_client.get(reverse("questions:list")).content.decode()
    assert "Openbare vraag" in listing and "Vraag voor leden" not in listing
    page = anonymous_client.get(public.get_absolute_url())
    assert page.status_code == 200
    assert "Vera Vraag" not in page.content.decode()  # the public sees the organisation, not the name
    assert "Groene Lyceum" in page.content.decode()
    hidden = anonymous_client.get(members.get_absolute_url())
    assert hidden.status_code == 302 and "/account/inloggen/" in hidden["Location"]


def test_members_read_every_question_and_who_asked(member_client, asker):
    question = ask(asker, visibility="members")
    page = member_client.get(question.get_absolute_url()).content.decode()
    assert "Vera Vraag" in page


def test_a_member_offers_help_and_can_change_or_withdraw_it(member_client, member, asker):
    question = ask(asker)
    url = reverse("questions:respond", args=[question.slug])
    member_client.post(url, {"message": "Ik kan helpen met bomen."})
    member_client.post(url, {"message": "Ik kan helpen met bomen en struiken."})
    assert list(Response.objects.values_list("message", flat=True)) == ["Ik kan helpen met bomen en struiken."]

    member_client.post(reverse("questions:withdraw", args=[question.slug]))
    assert not Response.objects.exists()


def test_an_empty_offer_is_refused_with_a_message(member_client, asker):
    question = ask(asker)
    response = member_client.post(reverse("questions:respond", args=[question.slug]), {"message": ""})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_the_asker_sees_offers_and_the_public_only_their_number(member_client, member, asker, anonymous_client):
    question = ask(asker)
    Response.objects.create(question=question, author=member, message="Bel me maar.")
    assert "Bel me maar." in member_client.get(question.get_absolute_url()).content.decode()
    public = anonymous_client.get(question.get_absolute_url())
    assert "Bel me maar." not in public.content.decode()
    assert public.context["response_count"] == 1 and public.context["responses"] == []


def test_the_asker_cannot_answer_their_own_question(asker_client, asker):
    question = ask(asker)
    response = asker_client.post(reverse("questions:respond", args=[question.slug]), {"message": "Ik zelf"})
    assert response.status_code == 403


def test_no_offers_on_an_answered_question(member_client, asker):
    question = ask(asker, status=QuestionStatus.ANSWERED)
    response = member_client.post(reverse("questions:respond", args=[question.slug]), {"message": "Te laat"})
    assert response.status_code == 403


def test_the_asker_marks_answered_and_can_open_it_again(asker_client, asker):
    question = ask(asker)
    url = reverse("questions:answered", args=[question.slug])
    asker_client.post(url, {"answered": "1"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answered_at
    asker_client.post(url, {"answered": "0"})
    question.refresh_from_db()
    assert question.is_open and question.answered_at is None


@pytest.mark.parametrize(
    "persona_client,allowed",
    [("coordinator", True), ("editor_a", False), ("anonymous", False)],
    indirect=["persona_client"],
)
def test_only_the_asker_and_the_coordinator_manage_a_question(persona_client, asker, allowed):
    client = persona_client
    anonymous = "_auth_user_id" not in client.session
    question = ask(asker)
    for name, method, data in [("answered", "post", {"answered": "1"}), ("edit", "get", {}), ("delete", "get", {})]:
        response = getattr(client, method)(reverse(f"questions:{name}", args=[question.slug]), data)
        if allowed:
            assert response.status_code in (200, 302), name
        elif anonymous:
            assert response.status_code == 302 and "/account/inloggen/" in response["Location"], name
        else:
            assert response.status_code == 403, name


def test_the_asker_edits_and_deletes_after_confirming(asker_client, asker, theme):
    question = ask(asker)
    response = asker_client.post(
        reverse("questions:edit", args=[question.slug]),
        {
            "title": "Een betere vraag",
            "looking_for": "Meer uitleg.",
            "visibility": "members",
            "themes": [theme.pk],
            "sector_codes": ["po", "vo"],
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "Een betere vraag" and question.sector_codes() == ["po", "vo"]
    assert list(question.themes.all()) == [theme]

    confirm = asker_client.get(reverse("questions:delete", args=[question.slug]))
    assert confirm.status_code == 200 and Question.objects.exists()
    asker_client.post(reverse("questions:delete", args=[question.slug]))
    assert not Question.objects.exists()


def test_the_line_page_lists_its_open_questions(anonymous_client, member_client, asker):
    line = LineFactory(name="Groene lijn", slug="groene-lijn")
    ask(asker, title="Open en openbaar", line=line)
    ask(asker, title="Al beantwoord", line=line, status=QuestionStatus.ANSWERED)
    ask(asker, title="Alleen voor leden", line=line, visibility="members")

    public = anonymous_client.get(line.get_absolute_url()).content.decode()
    assert "Open en openbaar" in public
    assert "Al beantwoord" not in public and "Alleen voor leden" not in public
    assert "Alleen voor leden" in member_client.get(line.get_absolute_url()).content.decode()


def test_my_work_lists_my_questions_with_offers(asker_client, asker, member):
    question = ask(asker, title="Mijn eigen vraag")
    Response.objects.create(question=question, author=member, message="Ja!")
    page = asker_client.get(reverse("home:dashboard"))
    assert "Mijn eigen vraag" in page.content.decode()
    assert [(q.title, q.response_count) for q in page.context["my_questions"]] == [("Mijn eigen vraag", 1)]


def test_filters_narrow_the_list_and_odd_values_do_no_harm(member_client, asker, theme):
    ask(asker, title="Over duurzaamheid", themes=[theme])
    ask(asker, title="Beantwoorde vraag", status=QuestionStatus.ANSWERED)
    page = member_client.get(reverse("questions:list") + "?thema=duurzaamheid").content.decode()
    assert "Over duurzaamheid" in page and "Beantwoorde vraag" not in page
    page = member_client.get(reverse("questions:list") + "?status=answered").content.decode()
    assert "Beantwoorde vraag" in page and "Over duurzaamheid" not in page
    odd = member_client.get(reverse("questions:list") + "?thema=%00&status=x&sector=<b>&page=999&volgorde=z")
    assert odd.status_code == 200


def test_question_text_is_shown_as_text(member_client, asker):
    question = ask(asker, title="<script>alert(1)</script>")
    page = member_client.get(question.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_asker_may_choose_to_see_their_own_organisation_among_the_suggestions(asker_client, asker):
    form = asker_client.get(reverse("questions:create")).context["form"]
    assert "suggest_own_organisation" in form.fields and not form["suggest_own_organisation"].value()  # off
    data = {"title": "Wie weet van vergroenen?", "looking_for": "Tekst.", "visibility": "public"}
    asker_client.post(reverse("questions:create"), {**data, "form_token": form.initial["form_token"]})
    token = asker_client.get(reverse("questions:create")).context["form"].initial["form_token"]
    chosen = {**data, "title": "Wie nog meer?", "suggest_own_organisation": "on", "form_token": token}
    asker_client.post(reverse("questions:create"), chosen)

    assert dict(Question.objects.values_list("title", "suggest_own_organisation")) == {
        "Wie weet van vergroenen?": False,
        "Wie nog meer?": True,
    }
    edit = asker_client.get(reverse("questions:edit", args=[Question.objects.get(title="Wie nog meer?").slug]))
    assert edit.context["form"]["suggest_own_organisation"].value() is True
