from django.urls import path

from stories import views

app_name = "stories"

urlpatterns = [
    path("v/<slug:code>/", views.tell, name="tell"),
    path("v/<slug:code>/bedankt/", views.thanks, name="thanks"),
    path("verhalen/", views.story_book, name="book"),
    path("verhalen.rss", views.StoryFeed(), name="feed"),
    path("verhalen/nieuw/", views.create, name="create"),
    path("verhalen/beheer/", views.queue, name="queue"),
    path("verhalen/respondent/", views.respondent, name="respondent"),
    path("verhalen/links/", views.link_list, name="links"),
    path("verhalen/links/nieuw/", views.link_create, name="link_create"),
    path("verhalen/links/<slug:code>/", views.link_page, name="link"),
    path("verhalen/links/<slug:code>/qr.svg", views.link_qr, {"fmt": "svg"}, name="link_qr_svg"),
    path("verhalen/links/<slug:code>/qr.png", views.link_qr, {"fmt": "png"}, name="link_qr_png"),
    path("verhalen/links/<slug:code>/open/", views.link_toggle, name="link_toggle"),
    path("verhalen/<int:pk>/", views.detail, name="detail"),
    path("verhalen/<int:pk>/bewerken/", views.edit, name="edit"),
    path("verhalen/<int:pk>/beheer/", views.moderate, name="moderate"),
    path("verhalen/<int:pk>/bewijs/", views.evidence, name="evidence"),
    path("verhalen/<int:pk>/onderbouwing/", views.substantiate, name="substantiate"),
    path("programmas/<slug:slug>/verhalen/", views.programme_story_book, name="programme_book"),
    path("programmas/<slug:slug>/verhalen/patronen/", views.programme_patterns, name="patterns"),
    path("programmas/<slug:slug>/selectie/", views.rounds, name="rounds"),
    path("programmas/<slug:slug>/selectie/<int:pk>/", views.round_page, name="round"),
    path("programmas/<slug:slug>/selectie/<int:pk>/sluiten/", views.round_close, name="round_close"),
]
