import cProfile, pstats, time
from datetime import UTC, datetime
import bangkom.accounts.demo as d
from bangkom.accounts.demo import seed_demo_world

def test_prof(db, monkeypatch):
    monkeypatch.setattr(d, "LATER_DEMO_STEPS", ())
    now = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
    seed_demo_world(employees=300, now=now)
    from bangkom.assessments import demo as a
    t=time.perf_counter()
    from bangkom.curriculum.models import Program, Offering
    staff = a._Staff(author=a._user(a.WIDYAISWARA_NIP), reviewer=a._user(a.PENGELOLA_NIP))
    for p in Program.objects.filter(code__startswith="SMART"): a.seed_item_banks(p, staff, now=now)
    t1=time.perf_counter(); print("banks", t1-t)
    for o in Offering.objects.filter(code__startswith="SMART"): a.seed_assessments(o, manager=staff.reviewer, now=now)
    t2=time.perf_counter(); print("assessments", t2-t1)
    p = cProfile.Profile(); p.enable()
    for i, o in enumerate(Offering.objects.filter(code__in=a.RUNNING_OFFERING_CODES).order_by("code")):
        a.seed_attempts(o, index=i, grader=staff.author, now=now)
    p.disable()
    print("attempts", time.perf_counter()-t2)
    st = pstats.Stats(p); st.sort_stats("cumulative").print_stats(30)
