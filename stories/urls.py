from django.urls import path

from stories.views import book, curation, respondents, telling

app_name = "stories"

urlpatterns = [
    path("v/<slug:code>/", telling.tell, name="tell"),
    path("v/<slug:code>/bedankt/", telling.thanks, name="thanks"),
    path("verhalen/", book.story_book, name="book"),
    path("verhalen.rss", book.StoryFeed(), name="feed"),
    path("verhalen/nieuw/", curation.create, name="create"),
    path("verhalen/beheer/", curation.queue, name="queue"),
    path("verhalen/beheer/afwijzen/", curation.bulk_reject, name="bulk_reject"),
    path("verhalen/beheer/terugzetten/", curation.bulk_restore, name="bulk_restore"),
    path("verhalen/respondent/", respondents.respondent, name="respondent"),
    path("verhalen/links/", telling.link_list, name="links"),
    path("verhalen/links/nieuw/", telling.link_create, name="link_create"),
    path("verhalen/links/<slug:code>/", telling.link_page, name="link"),
    path("verhalen/links/<slug:code>/qr.svg", telling.link_qr, {"fmt": "svg"}, name="link_qr_svg"),
    path("verhalen/links/<slug:code>/qr.png", telling.link_qr, {"fmt": "png"}, name="link_qr_png"),
    path("verhalen/links/<slug:code>/open/", telling.link_toggle, name="link_toggle"),
    path("verhalen/links/<slug:code>/evenement/", telling.link_live, name="link_live"),
    path("verhalen/<int:pk>/", curation.detail, name="detail"),
    path("verhalen/<int:pk>/bewerken/", curation.edit, name="edit"),
    path("verhalen/<int:pk>/beheer/", curation.moderate, name="moderate"),
    path("verhalen/<int:pk>/bewijs/", curation.evidence, name="evidence"),
    path("verhalen/<int:pk>/onderbouwing/", curation.substantiate, name="substantiate"),
    path("programmas/<slug:slug>/verhalen/", book.programme_story_book, name="programme_book"),
    path("programmas/<slug:slug>/verhalen/patronen/", book.programme_patterns, name="patterns"),
    path("programmas/<slug:slug>/selectie/", curation.rounds, name="rounds"),
    path("programmas/<slug:slug>/selectie/<int:pk>/", curation.round_page, name="round"),
    path("programmas/<slug:slug>/selectie/<int:pk>/sluiten/", curation.round_close, name="round_close"),
]
