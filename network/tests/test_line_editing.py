"""Keeping the lines of work: new lines, their form, open questions with a state, retiring and deleting."""

import pytest

from activities.forms import ActivityForm
from network.models import Line, LineQuestion, LineQuestionState, Organisation, lines_to_offer
from network.services_lines import is_referred_to, retire_line
from questions.forms import QuestionForm
from tests.factories import (
    ActivityFactory,
    LineFactory,
    LineQuestionFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(member, org_a):
    """The member holds the line 'Lezen'."""
    return PersonFactory(name="Hanna Houder", organisation=org_a, user=member)


@pytest.fixture
def line(holder):
    line = LineFactory(name="Lezen", kind="zichtlijn")
    line.holders.add(holder)
    return line


def _form_token(client, url):
    return client.get(url).context["form"].initial["form_token"]


class TestCreate:
    def test_a_coordinator_creates_a_cross_line_with_holder_and_theme(self, coordinator_client, holder):
        theme = ThemeFactory(slug="ai", name="AI")
        url = "/lijnen/nieuw/"
        response = coordinator_client.post(
            url,
            {
                "kind": "dwarslijn",
                "name": "AI",
                "purpose": "Mensgericht digitaal onderwijs.",
                "holders": [holder.pk],
                "themes": [theme.pk],
                "form_token": _form_token(coordinator_client, url),
            },
        )
        line = Line.objects.get(name="AI")
        assert response.status_code == 302 and response["Location"] == "/lijnen/ai/"
        assert list(line.holders.all()) == [holder] and list(line.themes.all()) == [theme]
        assert "De lijn is toegevoegd." in coordinator_client.get("/lijnen/ai/").content.decode()

    def test_the_slug_nieuw_is_not_given_to_a_line(self, coordinator_client):
        url = "/lijnen/nieuw/"
        coordinator_client.post(
            url, {"kind": "dwarslijn", "name": "Nieuw", "form_token": _form_token(coordinator_client, url)}
        )
        assert Line.objects.get(name="Nieuw").slug != "nieuw"

    def test_an_empty_form_keeps_what_was_typed_and_explains_in_dutch(self, coordinator_client):
        response = coordinator_client.post("/lijnen/nieuw/", {"purpose": "Half af", "form_token": "x"})
        html = response.content.decode()
        assert response.status_code == 200 and "Half af" in html and "Dit veld is verplicht." in html
        assert not Line.objects.exists()

    @pytest.mark.parametrize("client_name", ["editor_a_client", "member_client"])
    def test_only_coordinators_create_lines(self, request, client_name):
        assert request.getfixturevalue(client_name).get("/lijnen/nieuw/").status_code == 403


class TestEdit:
    def test_a_holder_changes_their_own_line(self, member_client, line, holder):
        response = member_client.post(
            f"/lijnen/{line.slug}/bewerken/",
            {"kind": "dwarslijn", "name": "Lezen en schrijven", "purpose": "Meer", "holders": [holder.pk]},
        )
        line.refresh_from_db()
        assert response.status_code == 302 and line.name == "Lezen en schrijven" and line.slug == "lezen"

    def test_a_holder_does_not_change_another_line(self, member_client, line):
        other = LineFactory(name="Rekenen")
        assert member_client.get(f"/lijnen/{other.slug}/bewerken/").status_code == 403

    def test_an_editor_who_holds_nothing_is_refused_and_a_visitor_logs_in(
        self, editor_a_client, anonymous_client, line
    ):
        assert editor_a_client.get(f"/lijnen/{line.slug}/bewerken/").status_code == 403
        assert anonymous_client.get(f"/lijnen/{line.slug}/bewerken/").status_code == 302

    def test_the_line_page_shows_the_holder_the_edit_links(self, member_client, editor_a_client, line):
        assert f"/lijnen/{line.slug}/bewerken/" in member_client.get(line.get_absolute_url()).content.decode()
        assert f"/lijnen/{line.slug}/bewerken/" not in editor_a_client.get(line.get_absolute_url()).content.decode()


class TestQuestions:
    def test_a_holder_adds_a_question_and_answers_it(self, member_client, line):
        url = f"/lijnen/{line.slug}/vragen/nieuw/"
        member_client.post(
            url, {"text": "Hoe lezen jongens meer?", "state": "open", "form_token": _form_token(member_client, url)}
        )
        question = LineQuestion.objects.get(line=line)
        page = member_client.get(line.get_absolute_url()).content.decode()
        assert "Hoe lezen jongens meer?" in page and "De vraag is toegevoegd." in page
        member_client.post(f"/lijnen/{line.slug}/vragen/{question.pk}/", {"text": question.text, "state": "answered"})
        question.refresh_from_db()
        assert question.state == LineQuestionState.ANSWERED
        response = member_client.get(line.get_absolute_url())
        assert response.context["open_questions"] == [] and response.context["other_questions"] == [question]

    def test_the_list_counts_open_questions_only(self, anonymous_client, line):
        LineQuestionFactory(line=line)
        LineQuestionFactory(line=line, state=LineQuestionState.CLOSED)
        assert "1 open vraag" in anonymous_client.get("/lijnen/").content.decode()

    def test_a_question_of_another_line_is_not_found_under_this_one(self, member_client, line):
        other_question = LineQuestionFactory()
        assert member_client.get(f"/lijnen/{line.slug}/vragen/{other_question.pk}/").status_code == 404

    def test_a_hostile_state_is_refused_without_a_500(self, member_client, line):
        question = LineQuestionFactory(line=line)
        response = member_client.post(f"/lijnen/{line.slug}/vragen/{question.pk}/", {"text": "x", "state": "<script>"})
        assert response.status_code == 200 and response.context["form"].errors["state"]


class TestRetire:
    def test_a_retired_line_leaves_the_list_but_keeps_its_page(self, member_client, anonymous_client, line):
        response = member_client.post(f"/lijnen/{line.slug}/uit-gebruik/", {"retire": "1"})
        line.refresh_from_db()
        assert response.status_code == 302 and line.retired_at is not None
        assert "Lezen" not in anonymous_client.get("/lijnen/").content.decode()
        assert line.get_absolute_url() not in anonymous_client.get("/").content.decode()
        page = anonymous_client.get(line.get_absolute_url())
        assert page.status_code == 200 and "buiten gebruik" in page.content.decode()
        member_client.post(f"/lijnen/{line.slug}/uit-gebruik/", {"retire": "0"})
        assert "Lezen" in anonymous_client.get("/lijnen/").content.decode()

    def test_a_retired_line_is_not_offered_for_new_projects(self, coordinator_client, line):
        retire_line(line)
        assert line not in coordinator_client.get("/projecten/nieuw/").context["form"].fields["lines"].queryset


class TestDelete:
    def test_a_line_nothing_refers_to_is_deleted_with_its_questions(self, coordinator_client, line):
        LineQuestionFactory(line=line)
        assert not is_referred_to(line)
        response = coordinator_client.post(f"/lijnen/{line.slug}/verwijderen/")
        assert response.status_code == 302 and not Line.objects.exists() and not LineQuestion.objects.exists()

    def test_a_line_an_activity_points_to_is_kept(self, coordinator_client, line, org_a):
        ActivityFactory(organisers=[org_a], lines=[line])
        response = coordinator_client.post(f"/lijnen/{line.slug}/verwijderen/")
        assert response.status_code == 302 and Line.objects.filter(pk=line.pk).exists()

    def test_a_holder_does_not_delete(self, member_client, line):
        assert member_client.post(f"/lijnen/{line.slug}/verwijderen/").status_code == 403


class TestProjects:
    def test_a_project_linked_to_a_line_shows_on_both_pages(self, coordinator_client, anonymous_client, line, org_a):
        project = ProjectFactory(title="Leesbevordering", leads=[org_a])
        response = coordinator_client.post(
            f"/projecten/{project.slug}/bewerken/",
            {
                "code": project.code,
                "title": project.title,
                "cluster": project.cluster,
                "status": "running",
                "leads": [org_a.pk],
                "lines": [line.pk],
            },
        )
        assert response.status_code == 302 and list(project.lines.all()) == [line]
        assert line.get_absolute_url() in anonymous_client.get(project.get_absolute_url()).content.decode()
        assert "Leesbevordering" in anonymous_client.get(line.get_absolute_url()).content.decode()


def test_forms_offer_a_retired_line_only_to_records_already_linked_to_it(line, org_a):
    retire_line(line)
    in_use = LineFactory(name="Rekenen")
    assert list(lines_to_offer()) == [in_use]
    assert set(lines_to_offer(line.pk, None)) == {line, in_use}
    activity = ActivityFactory(organisers=[org_a], lines=[line])
    form = ActivityForm(instance=activity, organiser_choices=Organisation.objects.all())
    assert set(form.fields["lines"].queryset) == {line, in_use}
    assert list(QuestionForm().fields["line"].queryset) == [in_use]
