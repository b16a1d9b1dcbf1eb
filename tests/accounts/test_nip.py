"""NIP / NI PPPK parsing, refusals and registry mismatches (DOMAIN.md §1.1, §1.2)."""

from __future__ import annotations

import os
import re
from dataclasses import FrozenInstanceError
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from bangkom.accounts.nip import (
    Gender,
    InvalidNip,
    NipErrorCode,
    ParsedNip,
    nip_mismatches,
    normalize_nip,
    parse_nip,
    validate_nip,
)

# Rendering a lazy message needs settings. Under pytest-django DJANGO_SETTINGS_MODULE is
# set and the real settings load lazily, so this must stay a no-op there.
if not django_settings.configured and "DJANGO_SETTINGS_MODULE" not in os.environ:
    django_settings.configure(USE_I18N=False)

TODAY = date(2026, 11, 29)  # pinned clock: every relative rule is judged against it

# str.isdigit() is True for both of these, which is why the module checks [0-9].
ARABIC_INDIC_ONE = "\u0661"
FULL_WIDTH_ONE = "\uff11"
RTL_OVERRIDE = "\u202e"
RTL_MARK = "\u200f"

PNS_EXAMPLE = "198609262015051001"  # DOMAIN.md §1.1: 19860926 201505 1 001


def _eighteenth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # Feb 29 in a common year
        return date(born.year + 18, 3, 1)


def _first_tmt_allowed(born: date) -> date:
    """Return the earliest first-of-month on or after the 18th birthday."""
    adult = _eighteenth_birthday(born)
    if adult.day == 1:
        return adult
    if adult.month == 12:
        return date(adult.year + 1, 1, 1)
    return date(adult.year, adult.month + 1, 1)


def _strip_like_people_write(raw: str) -> str:
    """Mirror the documented normalisation: outer whitespace, then spaces and dots."""
    return raw.strip().replace(" ", "").replace(".", "")


def _is_eighteen_ascii_digits(text: str) -> bool:
    return re.fullmatch(r"[0-9]{18}", text) is not None


@st.composite
def valid_pns_nips(draw: st.DrawFn) -> str:
    """Generate internally consistent PNS NIPs, valid as of ``TODAY``."""
    born = draw(st.dates(date(1950, 1, 1), date(2005, 12, 31)))
    tmt = draw(st.dates(_first_tmt_allowed(born), TODAY)).replace(day=1)
    gender = draw(st.sampled_from("12"))
    serial = draw(st.integers(1, 999))
    return f"{born:%Y%m%d}{tmt:%Y%m}{gender}{serial:03d}"


@st.composite
def valid_pppk_nips(draw: st.DrawFn) -> str:
    """Generate internally consistent NI PPPK numbers, valid as of ``TODAY``."""
    born = draw(st.dates(date(1950, 1, 1), date(2005, 12, 31)))
    year = draw(st.integers(born.year + 18, TODAY.year))
    contract = draw(st.integers(0, 9))  # digit 14 is not validated (DOMAIN.md §1.2)
    gender = draw(st.sampled_from("12"))
    serial = draw(st.integers(1, 999))
    return f"{born:%Y%m%d}{year:04d}2{contract}{gender}{serial:03d}"


def valid_nips() -> st.SearchStrategy[str]:
    return st.one_of(valid_pns_nips(), valid_pppk_nips())


@st.composite
def written_forms(draw: st.DrawFn, nips: st.SearchStrategy[str]) -> tuple[str, str]:
    """Return ``(nip, how a person might type it)``: separators and outer whitespace."""
    nip = draw(nips)
    separators = draw(
        st.lists(
            st.sampled_from(["", "", "", " ", ".", "  ", ". ", " . "]),
            min_size=len(nip) - 1,
            max_size=len(nip) - 1,
        )
    )
    outer = st.text(alphabet=" \t\r\n", max_size=3)
    body = "".join(d + s for d, s in zip(nip, [*separators, ""], strict=True))
    return nip, draw(outer) + body + draw(outer)


@st.composite
def near_miss_inputs(draw: st.DrawFn) -> str:
    """A valid NIP with one character swapped for or joined by something not allowed."""
    nip = draw(valid_nips())
    position = draw(st.integers(0, len(nip) - 1))
    digit = int(nip[position])
    intruder = draw(
        st.sampled_from(
            [
                chr(0x0660 + digit),  # the same digit, Arabic-Indic
                chr(0xFF10 + digit),  # the same digit, full width
                "\x00",
                RTL_OVERRIDE,
                RTL_MARK,
                "a",
                "O",
                "-",
                "/",
                "\t",
                "\u00a0",
            ]
        )
    )
    if draw(st.booleans()):
        return nip[:position] + intruder + nip[position + 1 :]
    return nip[:position] + intruder + nip[position:]


def _outcome(raw: str) -> ParsedNip | InvalidNip:
    """Parse as of ``TODAY``; any exception other than InvalidNip escapes and fails."""
    try:
        return parse_nip(raw, today=TODAY)
    except InvalidNip as exc:
        return exc


def _refusal(raw: str, *, today: date = TODAY) -> InvalidNip:
    with pytest.raises(InvalidNip) as caught:
        parse_nip(raw, today=today)
    return caught.value


# --- valid numbers ------------------------------------------------------------


def test_documented_example_decodes_to_its_fields() -> None:
    parsed = parse_nip("19860926 201505 1 001", today=TODAY)

    assert parsed == ParsedNip(
        nip=PNS_EXAMPLE,
        birth_date=date(1986, 9, 26),
        gender=Gender.MALE,
        is_pppk=False,
        tmt_cpns=date(2015, 5, 1),
        appointment_year=2015,
        serial=1,
    )
    assert parsed.formatted == "19860926 201505 1 001"


@given(valid_pns_nips())
def test_valid_pns_nip_parses_to_the_fields_it_encodes(nip: str) -> None:
    parsed = parse_nip(nip, today=TODAY)

    assert parsed.nip == nip
    assert not parsed.is_pppk
    assert parsed.birth_date == date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    assert parsed.tmt_cpns == date(int(nip[8:12]), int(nip[12:14]), 1)
    assert parsed.appointment_year == int(nip[8:12])
    assert parsed.gender == (Gender.MALE if nip[14] == "1" else Gender.FEMALE)
    assert parsed.serial == int(nip[15:])


@given(valid_pns_nips())
def test_pns_formatted_groups_the_four_fields_and_parses_back(nip: str) -> None:
    formatted = parse_nip(nip, today=TODAY).formatted

    assert re.fullmatch(r"[0-9]{8} [0-9]{6} [12] [0-9]{3}", formatted)
    assert parse_nip(formatted, today=TODAY).nip == nip


@given(valid_pppk_nips())
def test_valid_pppk_nip_parses_and_formatted_parses_back(nip: str) -> None:
    parsed = parse_nip(nip, today=TODAY)

    assert parsed.is_pppk
    assert parsed.tmt_cpns is None
    assert parsed.appointment_year == int(nip[8:12])
    assert parsed.birth_date == date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    assert re.fullmatch(r"[0-9]{8} [0-9]{4} 2[0-9] [12] [0-9]{3}", parsed.formatted)
    assert parse_nip(parsed.formatted, today=TODAY) == parsed


@given(written_forms(valid_nips()))
def test_spaces_dots_and_outer_whitespace_normalise_to_the_same_nip(
    written: tuple[str, str],
) -> None:
    nip, typed = written

    assert normalize_nip(typed) == nip
    assert parse_nip(typed, today=TODAY) == parse_nip(nip, today=TODAY)


def test_parsed_nip_is_immutable() -> None:
    parsed = parse_nip(PNS_EXAMPLE, today=TODAY)

    with pytest.raises(FrozenInstanceError):
        parsed.nip = "198609262015051002"  # type: ignore[misc]


# --- format -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(PNS_EXAMPLE[:-1], id="17-digits"),
        pytest.param(PNS_EXAMPLE + "1", id="19-digits"),
        pytest.param("", id="empty"),
        pytest.param(" . . ", id="only-separators"),
        pytest.param("19860926 2015O5 1 001", id="letter-O"),
        pytest.param("NIP198609262015051001", id="prefix-letters"),
        pytest.param(PNS_EXAMPLE[:-1] + ARABIC_INDIC_ONE, id="arabic-indic-digit"),
        pytest.param(
            "".join(chr(0x0660 + int(d)) for d in PNS_EXAMPLE),
            id="all-arabic-indic",
        ),
        pytest.param(PNS_EXAMPLE[:-1] + FULL_WIDTH_ONE, id="full-width-digit"),
        pytest.param(PNS_EXAMPLE + "\x00", id="trailing-nul"),
        pytest.param("19860926\x002015051001", id="inner-nul"),
        pytest.param(RTL_OVERRIDE + PNS_EXAMPLE, id="rtl-override"),
        pytest.param(PNS_EXAMPLE[:8] + RTL_MARK + PNS_EXAMPLE[8:], id="rtl-mark"),
        pytest.param("19860926-201505-1-001", id="hyphens"),
        pytest.param("19860926\t201505 1 001", id="inner-tab"),
        pytest.param("+198609262015051001", id="plus-sign"),
    ],
)
def test_malformed_input_is_refused_as_format(raw: str) -> None:
    assert _refusal(raw).code == NipErrorCode.FORMAT

    with pytest.raises(InvalidNip) as caught:
        normalize_nip(raw)
    assert caught.value.code == NipErrorCode.FORMAT


def test_non_string_input_is_refused_as_format() -> None:
    assert _refusal(None).code == NipErrorCode.FORMAT  # type: ignore[arg-type]
    assert _refusal(198609262015051001).code == NipErrorCode.FORMAT  # type: ignore[arg-type]


def test_format_message_says_18_digits_and_allows_spaces_and_dots() -> None:
    message = str(_refusal("123"))

    assert "18" in message
    assert "spasi" in message
    assert "titik" in message


@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789 .", max_size=40),
        near_miss_inputs(),
    )
)
def test_anything_not_18_ascii_digits_fails_as_format_and_only_as_invalid_nip(
    raw: str,
) -> None:
    outcome = _outcome(raw)

    if not _is_eighteen_ascii_digits(_strip_like_people_write(raw)):
        assert isinstance(outcome, InvalidNip)
        assert outcome.code == NipErrorCode.FORMAT


@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_any_18_digits_either_parse_or_raise_invalid_nip(raw: str) -> None:
    outcome = _outcome(raw)

    if isinstance(outcome, InvalidNip):
        assert outcome.code in set(NipErrorCode) - {NipErrorCode.FORMAT}
    else:
        assert outcome.nip == raw


# --- birth date ---------------------------------------------------------------


@pytest.mark.parametrize(
    "birth",
    [
        pytest.param("19861332", id="month-13-day-32"),
        pytest.param("19861301", id="month-13"),
        pytest.param("19860001", id="month-00"),
        pytest.param("19860900", id="day-00"),
        pytest.param("19860931", id="september-31"),
        pytest.param("19870229", id="feb-29-common-year"),
        pytest.param("19000229", id="feb-29-1900-not-leap"),
        pytest.param("00000101", id="year-0000"),
        pytest.param("18991231", id="before-1900"),
    ],
)
def test_impossible_birth_date_is_refused(birth: str) -> None:
    assert _refusal(birth + "2015051001").code == NipErrorCode.BIRTH_DATE


def test_future_birth_date_is_refused() -> None:
    assert _refusal("20261130" + "2015051001").code == NipErrorCode.BIRTH_DATE


def test_birth_today_is_not_a_birth_date_error() -> None:
    # Born today is a real past-or-present date; it fails later, on age.
    assert _refusal("20261129" + "2026111001").code == NipErrorCode.TMT_AGE


def test_feb_29_of_a_leap_year_is_a_valid_birth_date() -> None:
    parsed = parse_nip("20000229" + "2018031001", today=TODAY)

    assert parsed.birth_date == date(2000, 2, 29)


# --- TMT CPNS -----------------------------------------------------------------


@pytest.mark.parametrize("month", ["00", "13", "19", "30", "99"])
def test_impossible_tmt_month_is_refused(month: str) -> None:
    assert _refusal(f"198609262015{month}1001").code == NipErrorCode.TMT


def test_tmt_year_before_1900_is_refused() -> None:
    assert _refusal("19000101" + "1899121001").code == NipErrorCode.TMT


def test_tmt_before_the_18th_birthday_is_refused() -> None:
    # 18 on 2004-09-26; TMT 2004-09-01 is earlier.
    assert _refusal("19860926" + "2004091001").code == NipErrorCode.TMT_AGE
    assert _refusal("19860926" + "1990011001").code == NipErrorCode.TMT_AGE


def test_tmt_on_the_first_month_start_after_the_18th_birthday_is_allowed() -> None:
    after_birthday = parse_nip("19860926" + "2004101001", today=TODAY)
    # Born on the 1st: the TMT may fall on the 18th birthday itself.
    on_birthday = parse_nip("19860901" + "2004091001", today=TODAY)

    assert after_birthday.tmt_cpns == date(2004, 10, 1)
    assert on_birthday.tmt_cpns == date(2004, 9, 1)


def test_feb_29_birthday_turns_18_after_february_of_a_common_year() -> None:
    assert _refusal("20000229" + "2018021001").code == NipErrorCode.TMT_AGE
    assert parse_nip("200002292018031001", today=TODAY).tmt_cpns == date(2018, 3, 1)


def test_tmt_in_a_later_month_than_today_is_refused() -> None:
    assert _refusal("19860926" + "2026121001").code == NipErrorCode.TMT_FUTURE
    assert _refusal("19860926" + "2030011001").code == NipErrorCode.TMT_FUTURE


def test_tmt_in_the_current_month_is_allowed_even_on_its_first_day() -> None:
    this_month = "19860926" + "2026111001"

    assert parse_nip(this_month, today=TODAY).tmt_cpns == date(2026, 11, 1)
    assert parse_nip(this_month, today=date(2026, 11, 1)).tmt_cpns == date(2026, 11, 1)


# --- gender and serial --------------------------------------------------------


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_gender_digit_other_than_1_or_2_is_refused(digit: str) -> None:
    assert _refusal(f"19860926201505{digit}001").code == NipErrorCode.GENDER


def test_female_gender_digit_decodes_to_female() -> None:
    assert parse_nip("198609262015052001", today=TODAY).gender == Gender.FEMALE


@given(valid_nips(), st.sampled_from("03456789"))
def test_any_gender_digit_outside_1_and_2_fails_as_gender(nip: str, digit: str) -> None:
    mutated = nip[:14] + digit + nip[15:]

    assert _refusal(mutated).code == NipErrorCode.GENDER


def test_serial_000_is_refused_and_999_is_allowed() -> None:
    assert _refusal("198609262015051000").code == NipErrorCode.SERIAL
    assert parse_nip("198609262015051999", today=TODAY).serial == 999


# --- messages -----------------------------------------------------------------

ONE_REFUSAL_PER_CODE = {
    NipErrorCode.FORMAT: "19860926201505100",
    NipErrorCode.BIRTH_DATE: "198613322015051001",
    NipErrorCode.TMT: "198609262015131001",
    NipErrorCode.TMT_AGE: "198609262004091001",
    NipErrorCode.TMT_FUTURE: "198609262026121001",
    NipErrorCode.GENDER: "198609262015053001",
    NipErrorCode.SERIAL: "198609262015051000",
}


def test_every_code_has_its_own_message() -> None:
    refusals = {code: _refusal(raw) for code, raw in ONE_REFUSAL_PER_CODE.items()}

    assert all(exc.code == code for code, exc in refusals.items())
    assert set(refusals) == set(NipErrorCode)
    messages = [str(exc) for exc in refusals.values()]
    assert all(messages)
    assert len(set(messages)) == len(NipErrorCode)
    assert all(str(exc) == str(exc.message) for exc in refusals.values())


def test_messages_name_the_offending_digits() -> None:
    assert "digit 1–8" in str(_refusal(ONE_REFUSAL_PER_CODE[NipErrorCode.BIRTH_DATE]))
    assert "digit 9–14" in str(_refusal(ONE_REFUSAL_PER_CODE[NipErrorCode.TMT]))
    assert "digit 15" in str(_refusal(ONE_REFUSAL_PER_CODE[NipErrorCode.GENDER]))
    assert "digit 16–18" in str(_refusal(ONE_REFUSAL_PER_CODE[NipErrorCode.SERIAL]))


# --- PPPK ---------------------------------------------------------------------


PPPK_EXAMPLES = [  # DOMAIN.md §1.2
    ("20001231 2024 21 1 001", date(2000, 12, 31), 2024, Gender.MALE),
    ("19900913 2025 24 2 014", date(1990, 9, 13), 2025, Gender.FEMALE),
    ("19920315 2022 21 1 001", date(1992, 3, 15), 2022, Gender.MALE),
]


@pytest.mark.parametrize(("formatted", "birth_date", "year", "gender"), PPPK_EXAMPLES)
def test_published_pppk_examples_parse_as_pppk(
    formatted: str,
    birth_date: date,
    year: int,
    gender: Gender,
) -> None:
    parsed = parse_nip(formatted.replace(" ", ""), today=TODAY)

    assert parsed.is_pppk
    assert parsed.tmt_cpns is None
    assert parsed.birth_date == birth_date
    assert parsed.appointment_year == year
    assert parsed.gender == gender
    assert parsed.formatted == formatted


@pytest.mark.parametrize("code", ["20", "29"])
def test_pppk_digits_13_and_14_are_not_validated_beyond_the_2(code: str) -> None:
    assert parse_nip(f"199203152022{code}1001", today=TODAY).is_pppk


def test_pppk_appointed_before_the_age_18_year_is_refused() -> None:
    assert _refusal("200012312017211001").code == NipErrorCode.TMT_AGE
    # The NI holds only a year, so the year of the 18th birthday is enough.
    assert parse_nip("200012312018211001", today=TODAY).appointment_year == 2018


def test_pppk_appointed_in_a_future_year_is_refused() -> None:
    assert _refusal("199203152027211001").code == NipErrorCode.TMT_FUTURE
    assert parse_nip("199203152026211001", today=TODAY).appointment_year == 2026


def test_pppk_shares_the_birth_gender_and_serial_checks() -> None:
    assert _refusal("199202302022211001").code == NipErrorCode.BIRTH_DATE
    assert _refusal("199203152022213001").code == NipErrorCode.GENDER
    assert _refusal("199203152022211000").code == NipErrorCode.SERIAL


def test_pppk_messages_differ_from_pns_ones() -> None:
    assert str(_refusal("200012312017211001")) != str(_refusal("198609262004091001"))
    assert str(_refusal("199203152027211001")) != str(_refusal("198609262026121001"))


# --- registry mismatches ------------------------------------------------------


def test_consistent_registry_data_has_no_mismatches() -> None:
    parsed = parse_nip(PNS_EXAMPLE, today=TODAY)

    born = date(1986, 9, 26)

    assert nip_mismatches(parsed, birth_date=born, gender="male") == []
    assert nip_mismatches(parsed, birth_date=born, gender=Gender.MALE) == []


def test_unrecorded_values_are_not_compared() -> None:
    parsed = parse_nip(PNS_EXAMPLE, today=TODAY)

    assert nip_mismatches(parsed, birth_date=None, gender=None) == []
    assert nip_mismatches(parsed, birth_date=None, gender="") == []


def test_a_different_birth_date_is_flagged_with_both_values() -> None:
    parsed = parse_nip(PNS_EXAMPLE, today=TODAY)

    [mismatch] = nip_mismatches(parsed, birth_date=date(1986, 9, 27), gender=None)

    assert mismatch.field == "birth_date"
    assert mismatch.nip_value == date(1986, 9, 26)
    assert mismatch.record_value == date(1986, 9, 27)
    assert "Tanggal lahir" in str(mismatch.message)


def test_a_different_gender_is_flagged_with_both_values() -> None:
    parsed = parse_nip(PNS_EXAMPLE, today=TODAY)

    [mismatch] = nip_mismatches(parsed, birth_date=None, gender="female")

    assert mismatch.field == "gender"
    assert mismatch.nip_value == Gender.MALE
    assert mismatch.record_value == Gender.FEMALE
    assert "Jenis kelamin" in str(mismatch.message)


def test_both_differences_are_flagged_and_nothing_is_changed() -> None:
    parsed = parse_nip(PNS_EXAMPLE, today=TODAY)

    mismatches = nip_mismatches(parsed, birth_date=date(1990, 1, 1), gender="female")

    assert [m.field for m in mismatches] == ["birth_date", "gender"]
    assert str(mismatches[0].message) != str(mismatches[1].message)
    assert parsed == parse_nip(PNS_EXAMPLE, today=TODAY)


def test_unknown_gender_value_is_a_caller_error() -> None:
    parsed = parse_nip(PNS_EXAMPLE, today=TODAY)

    with pytest.raises(ValueError, match="L"):
        nip_mismatches(parsed, birth_date=None, gender="L")


# --- Django validator ---------------------------------------------------------


def test_validate_nip_returns_the_normalised_number() -> None:
    assert validate_nip(" 19860926.201505.1.001 ") == PNS_EXAMPLE


# validate_nip reads the real clock, so its future TMT must be future for any clock.
VALIDATOR_REFUSALS = {
    **ONE_REFUSAL_PER_CODE,
    NipErrorCode.TMT_FUTURE: "198609269999121001",
}


@pytest.mark.parametrize(("code", "raw"), VALIDATOR_REFUSALS.items())
def test_validate_nip_raises_validation_error_with_the_code(
    code: NipErrorCode,
    raw: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_nip(raw)

    assert caught.value.code == code.value
    assert isinstance(caught.value.__cause__, InvalidNip)
