"""Watched intervals: skipping ahead counts for nothing, ≥ 90 % completes, resume works
(issue: materials; DOMAIN.md S-1 R9)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from bangkom.common.errors import DomainError
from bangkom.learning.choices import AttendanceSource
from bangkom.learning.models import AttendanceRecord, MaterialProgress
from bangkom.learning.study import record_video_progress
from bangkom.learning.video import (
    clamp_position,
    is_complete,
    merge_intervals,
    watched_seconds,
)
from tests.learning.factories import EnrollmentFactory, MaterialFactory
from tests.learning.factories_study import VideoMaterialFactory, running_offering

DURATION = 600.0

points = st.floats(min_value=-50, max_value=DURATION + 50, allow_nan=False)
intervals = st.lists(st.tuples(points, points).map(list), max_size=25)


# --- pure functions ------------------------------------------------------------------------


def test_jumping_to_the_end_does_not_complete_a_video():
    watched = merge_intervals([], [[DURATION - 5, DURATION]], duration=DURATION)
    assert watched == [[DURATION - 5, DURATION]]
    assert not is_complete(watched, DURATION)


def test_overlapping_intervals_are_merged_into_one():
    merged = merge_intervals([[0, 100]], [[50, 200], [190, 250]], duration=DURATION)
    assert merged == [[0, 250]]
    assert watched_seconds(merged) == 250


def test_intervals_at_most_one_second_apart_are_one_stretch():
    assert merge_intervals([[0, 10]], [[11, 20]], duration=DURATION) == [[0, 20]]
    assert merge_intervals([[0, 10]], [[11.5, 20]], duration=DURATION) == [[0, 10], [11.5, 20]]


def test_invalid_negative_and_reversed_intervals_are_ignored_and_ends_clamped():
    raw = [[-5, 10], [30, 20], [5, 5], ["a", 3], [1], None, [True, 9], [500, 10_000]]
    assert merge_intervals([], raw, duration=DURATION) == [[500, DURATION]]


def test_ninety_percent_completes_when_reached_through_merged_pieces():
    first = merge_intervals([], [[0, 300]], duration=DURATION)
    assert not is_complete(first, DURATION)
    second = merge_intervals(first, [[250, 539]], duration=DURATION)  # 539 s < 90 %
    assert not is_complete(second, DURATION)
    third = merge_intervals(second, [[530, 540]], duration=DURATION)  # exactly 90 %
    assert is_complete(third, DURATION)


def test_the_same_stretch_watched_twice_counts_once():
    once = merge_intervals([], [[0, 300]], duration=DURATION)
    twice = merge_intervals(once, [[0, 300], [10, 290]], duration=DURATION)
    assert watched_seconds(twice) == 300
    assert not is_complete(twice, DURATION)


def test_unknown_duration_never_completes():
    assert not is_complete([[0, 100]], None)
    assert not is_complete([[0, 100]], 0)


def test_resume_position_is_clamped_to_the_video():
    assert clamp_position(123.4567, DURATION) == 123.457
    assert clamp_position(9_999, DURATION) == DURATION
    assert clamp_position(-1, DURATION) is None
    assert clamp_position("12", DURATION) is None
    assert clamp_position(float("nan"), DURATION) is None


@settings(deadline=None)  # pure and fast; a loaded CI worker must not turn it flaky
@given(intervals, intervals)
def test_merge_is_idempotent(existing, new):
    merged = merge_intervals(existing, new, duration=DURATION)
    assert merge_intervals(merged, [], duration=DURATION) == merged
    assert merge_intervals(merged, merged, duration=DURATION) == merged


@settings(deadline=None)  # pure and fast; a loaded CI worker must not turn it flaky
@given(intervals, intervals)
def test_merge_does_not_depend_on_order(a, b):
    together = merge_intervals([], a + b, duration=DURATION)
    assert merge_intervals(a, b, duration=DURATION) == together
    assert merge_intervals(b, a, duration=DURATION) == together
    assert merge_intervals(merge_intervals([], a, duration=DURATION), b, duration=DURATION) == (
        together
    )
    assert merge_intervals([], list(reversed(a + b)), duration=DURATION) == together


@settings(deadline=None)  # pure and fast; a loaded CI worker must not turn it flaky
@given(intervals, intervals)
def test_merged_total_never_exceeds_the_duration_and_stays_sorted(a, b):
    merged = merge_intervals(a, b, duration=DURATION)
    assert 0 <= watched_seconds(merged) <= DURATION
    for start, end in merged:
        assert 0 <= start < end <= DURATION
    for (_s1, e1), (s2, _e2) in itertools.pairwise(merged):
        assert s2 - e1 > 1


# --- recording progress ----------------------------------------------------------------------


@pytest.fixture
def enrollment(db):
    return EnrollmentFactory(offering=running_offering())


@pytest.fixture
def video(enrollment):
    return VideoMaterialFactory(subject__program=enrollment.offering.program, duration_seconds=600)


def test_reports_are_merged_on_the_server_and_complete_at_ninety_percent(enrollment, video):
    now = timezone.now()
    record_video_progress(enrollment, video, intervals=[[0, 300]], position=300, now=now)
    progress = record_video_progress(
        enrollment, video, intervals=[[280, 500]], position=500, now=now
    )
    assert progress.watched_intervals == [[0, 500]]
    assert progress.completed_at is None

    later = now + timedelta(minutes=5)
    progress = record_video_progress(
        enrollment, video, intervals=[[500, 540]], position=540, now=later
    )
    assert progress.watched_seconds == 540
    assert progress.completed_at == later


def test_jumping_to_the_end_on_the_server_does_not_complete(enrollment, video):
    progress = record_video_progress(
        enrollment, video, intervals=[[595, 600]], position=600, now=timezone.now()
    )
    assert progress.completed_at is None
    assert progress.watched_seconds == 5


def test_completion_is_kept_once_reached(enrollment, video):
    now = timezone.now()
    record_video_progress(enrollment, video, intervals=[[0, 600]], position=600, now=now)
    progress = record_video_progress(
        enrollment, video, intervals=[], position=10, now=now + timedelta(hours=1)
    )
    assert progress.completed_at == now
    assert progress.position_seconds == 10  # resume where one left off, even after finishing


def test_position_is_stored_for_resuming(enrollment, video):
    record_video_progress(enrollment, video, intervals=[[0, 42]], position=42.5, now=timezone.now())
    progress = MaterialProgress.objects.get(enrollment=enrollment, material=video)
    assert progress.position_seconds == 42.5


def test_watching_counts_as_attendance_for_the_day(enrollment, video):
    record_video_progress(enrollment, video, intervals=[[0, 10]], position=10, now=timezone.now())
    record = AttendanceRecord.objects.get(enrollment=enrollment)
    assert record.source == AttendanceSource.ACTIVITY


def test_a_video_of_another_program_is_refused(enrollment):
    foreign = VideoMaterialFactory()
    with pytest.raises(DomainError) as refused:
        record_video_progress(
            enrollment, foreign, intervals=[[0, 10]], position=0, now=timezone.now()
        )
    assert refused.value.status == 404
    assert not MaterialProgress.objects.exists()


def test_an_external_video_link_is_not_tracked_by_the_player(enrollment):
    link = MaterialFactory(subject__program=enrollment.offering.program)  # kind video_url
    with pytest.raises(DomainError) as refused:
        record_video_progress(enrollment, link, intervals=[[0, 10]], position=0, now=timezone.now())
    assert refused.value.code == "not_a_tracked_video"


def test_progress_outside_the_learning_window_is_refused(enrollment, video):
    too_late = enrollment.offering.ends_at + timedelta(minutes=1)
    with pytest.raises(DomainError) as refused:
        record_video_progress(enrollment, video, intervals=[[0, 600]], position=0, now=too_late)
    assert refused.value.code == "learning_ended"
    assert not MaterialProgress.objects.exists()
