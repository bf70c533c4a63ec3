"""The API's documentation page and the coordinator's pages for API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from api import tokens
from api.docs import endpoints
from api.endpoints import api
from api.http import in_request_language
from api.models import ApiToken
from core.permissions import can_manage_api_tokens, require
from core.views_helpers import render_form
from network.models import Organisation


@in_request_language
def docs(request):
    """Every endpoint with its parameters, fields and a curl example, read from the OpenAPI document."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    base = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "api/docs.html",
        {
            "schema": schema,
            "endpoints": endpoints(schema, base),
            "openapi_url": reverse("api:openapi-json"),
        },
    )


class TokenForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.all(), to_field_name="slug"
    )
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “website of the school board”."),
    )


@login_required
def token_list(request):
    require(can_manage_api_tokens(request.user))
    api_tokens = ApiToken.objects.select_related("organisation", "created_by")
    organisation = None
    if request.GET.get("organisatie"):
        organisation = get_object_or_404(Organisation, slug=request.GET["organisatie"])
        api_tokens = api_tokens.filter(organisation=organisation)
    return render(request, "api/tokens.html", {"tokens": api_tokens, "organisation": organisation})


@login_required
@never_cache
def token_create(request):
    require(can_manage_api_tokens(request.user))
    form = TokenForm(request.POST or None, initial={"organisation": request.GET.get("organisatie")})
    if request.method == "POST" and form.is_valid():
        token, secret = tokens.issue(form.cleaned_data["organisation"], form.cleaned_data["label"], request.user)
        # The secret is not stored: this page (never cached) is the only time it is shown.
        return render(request, "api/token_issued.html", {"token": token, "secret": secret})
    return render_form(request, form, heading=_("New API token"), cancel_url=reverse("api_tokens:list"))


@login_required
def token_revoke(request, pk):
    require(can_manage_api_tokens(request.user))
    token = get_object_or_404(ApiToken.objects.select_related("organisation"), pk=pk)
    if request.method == "POST":
        tokens.revoke(token)
        messages.success(request, _("The token was revoked. Requests with it are refused from now on."))
        return redirect(f"{reverse('api_tokens:list')}?organisatie={token.organisation.slug}")
    return render(request, "api/token_revoke.html", {"token": token})
