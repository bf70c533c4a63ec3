"""A respondent's personal data: find their stories, export them, or erase the details (keeping the stories
anonymised, or not)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.permissions import can_curate, require
from stories import services
from stories.forms import RespondentSearchForm
from stories.models import Story


@login_required
def respondent(request):
    require(can_curate(request.user))
    form = RespondentSearchForm(request.GET or None)
    stories = services.respondent_stories(form.cleaned_data["respondent"]) if form.is_valid() else Story.objects.none()
    stories = stories.select_related("activity", "programme", "organisation").prefetch_related("parts__dimension")
    if request.method == "POST":
        query = request.POST.get("respondent", "")
        stories = services.respondent_stories(query)
        if request.POST.get("action") == "export":
            response = HttpResponse(
                json.dumps(
                    services.respondent_export(stories.prefetch_related("parts__dimension")),
                    ensure_ascii=False,
                    indent=2,
                ),
                content_type="application/json",
            )
            response["Content-Disposition"] = 'attachment; filename="respondent.json"'
            return response
        keep = request.POST.get("action") == "anonymise"
        if not keep and not request.POST.get("confirm"):
            messages.error(request, _("Tick the box to confirm that the stories are deleted for good."))
            return redirect(f"{reverse('stories:respondent')}?{urlencode({'respondent': query})}")
        count = services.erase_respondent(stories, keep_anonymised=keep, name=query)
        messages.success(
            request,
            (
                _("Personal details were removed from %(count)s stories; the stories stay, anonymised.")
                if keep
                else _("%(count)s stories were deleted.")
            )
            % {"count": count},
        )
        return redirect("stories:respondent")
    return render(request, "stories/respondent.html", {"form": form, "stories": stories})
