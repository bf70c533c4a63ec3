from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import CodeList, Sector
from network.models import Line, Theme


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Logged-in members only")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")


class Question(models.Model):
    """A question a professional brings to the network ("Waar heb jij denkkracht op nodig?")."""

    title = models.CharField(_("your question"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    looking_for = models.TextField(
        _("what are you looking for?"),
        max_length=4000,
        help_text=_(
            "Say what you are working on and who or what would help: a sparring partner, an example, "
            "a school that did it before."
        ),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="questions")
    sectors = models.CharField(_("sectors"), max_length=200, blank=True)  # CodeList of core.models.Sector
    line = models.ForeignKey(
        Line, verbose_name=_("line"), null=True, blank=True, on_delete=models.SET_NULL, related_name="network_questions"
    )
    # The asker knows their own organisation and its people: left out of the suggestions unless they ask for them
    # (a big organisation's other departments may be just who can help).
    suggest_own_organisation = models.BooleanField(
        _("also suggest my own organisation"),
        default=False,
        help_text=_("Also show your own organisation and your colleagues among the suggestions."),
    )
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN, db_index=True
    )
    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questions")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", args=[self.slug])

    @property
    def members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    @property
    def is_open(self) -> bool:
        return self.status == QuestionStatus.OPEN

    def sector_codes(self) -> list[str]:
        return CodeList.unpack(self.sectors)

    def sector_list(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(code, code)) for code in self.sector_codes()]


class Response(models.Model):
    """A member's offer to help with a question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_responses")
    message = models.TextField(_("your message"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)  # the asker took up the offer

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "author"], name="one_response_per_member")]

    def __str__(self) -> str:
        return f"{self.author} → {self.question}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None
