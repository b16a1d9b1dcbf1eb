"""The seed's Tabel 2 (DOMAIN.md S-3) written out independently of the built-in template,
so the tests compare the code with the document and not with itself."""

from __future__ import annotations

# (row, item code, conventional amount, SMART amount); None: the row is absent there.
ROWS: tuple[tuple[int, str, int | None, int | None], ...] = (
    (1, "atk_persiapan", 9_500_000, 800_000),
    (2, "rapat_persiapan", 1_035_000, 1_035_000),
    (3, "konsumsi_peserta", 44_400_000, None),
    (4, "konsumsi_pengajar", 690_000, None),
    (5, "obat", 1_500_000, None),
    (6, "komputer_supplies", 3_000_000, None),
    (7, "blangko_sttpl", 1_950_000, None),
    (8, "bahan_ajar", 3_000_000, None),
    (9, "training_kit", 4_500_000, None),
    (10, "pengajar_luar", 12_000_000, 4_500_000),
    (11, "pengajar_dalam", 6_000_000, 3_000_000),
    (12, "atk_evaluasi", 1_719_000, 800_000),
    (13, "rapat_evaluasi", 1_035_000, 1_035_000),
    (14, "transport", 1_500_000, None),
    (15, "lisensi_zoom", None, 2_561_988),
)
CONVENTIONAL_TOTAL = 91_829_000
SMART_TOTAL = 13_731_988
SAVING = 78_097_012
SAVING_PERCENT = "85.05"
PER_PARTICIPANT_CONVENTIONAL = 3_060_967
PER_PARTICIPANT_SMART = 457_733

# With 300 participants (other parameters at Tabel 2's values): rows 3, 7, 8, 9 scale
# with participants; the SMART licence still fits one 300-person licence.
AT_300 = {
    "konsumsi_peserta": 444_000_000,  # 300 × 8 × 185,000
    "blangko_sttpl": 19_500_000,
    "bahan_ajar": 30_000_000,
    "training_kit": 45_000_000,
}
CONVENTIONAL_TOTAL_AT_300 = 576_479_000
PER_PARTICIPANT_AT_300 = (1_921_597, 45_773)  # 576,479,000 / 300; 13,731,988 / 300
