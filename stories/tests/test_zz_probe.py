import time, datetime as dt, uuid
import pytest
from django.core.cache import cache
from tests.factories import ActivityFactory
from programmes.models import Programme, ProgrammeLine, Action
from stories.models import CollectionLink, Story, SelectionRound
from impact.services import find_dimension

pytestmark = pytest.mark.django_db

def test_probe(coordinator_client, anonymous_client, org_a, settings):
    settings.STORY_LIMIT_PER_ADDRESS = 10000
    p = Programme.objects.create(slug="p", name="P", period_start=dt.date(2024,1,1), period_end=dt.date(2026,12,31), publication_status="published")
    line = ProgrammeLine.objects.create(programme=p, kind="ambition", code="1", title="L")
    a = ActivityFactory(organisers=[org_a])
    Action.objects.create(line=line, code="1.1", title="x").activities.add(a)
    link = CollectionLink.objects.create(code="abcdefg", activity=a)
    d1 = find_dimension(1, "Ontmoeting & bereik")
    for q in ["jaar=0", "jaar=99999", "jaar=-5", "jaar=1.5", "jaar=1e400", "jaar=nan"]:
        try:
            r = anonymous_client.get("/verhalen/?" + q)
            print(q, r.status_code)
        except Exception as e:
            print(q, "EXC", type(e), e)
    r = SelectionRound.objects.create(programme=p, title="R", panel="x", held_on=dt.date(2025,1,1))
    try:
        print("round abc", coordinator_client.post(f"/programmas/p/selectie/{r.pk}/", {"story": "abc", "reason": "x"}).status_code)
    except Exception as e:
        print("round EXC", type(e), e)
    data = {"activity": a.pk, "respondent_role": "leerkracht", "consent": "role", "ring1_text": "Ik leerde veel", "ring1_dimension": d1.pk, "submission": str(uuid.uuid4())}
    t = time.time()
    for i in range(50):
        data["submission"] = str(uuid.uuid4())
        resp = anonymous_client.post("/v/abcdefg/", data)
    print("valid", resp.status_code, (time.time() - t) / 50)
    t = time.time()
    for i in range(50):
        resp = anonymous_client.post("/v/abcdefg/", {**data, "activity": "abc"})
    print("invalid", resp.status_code, (time.time() - t) / 50)
    for v in [str(10**30), "-1", "1.5", "0x1"]:
        try:
            print(v, anonymous_client.post("/v/abcdefg/", {**data, "activity": v, "submission": str(uuid.uuid4())}).status_code)
        except Exception as e:
            print(v, "EXC", type(e), e)
        try:
            print("dim", v, anonymous_client.post("/v/abcdefg/", {**data, "ring1_dimension": v, "submission": str(uuid.uuid4())}).status_code)
        except Exception as e:
            print("dim", v, "EXC", type(e), e)
    print(Story.objects.count())
