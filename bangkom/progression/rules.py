"""Thresholds of the progression context, with their source (DOMAIN.md §2.2, §4.2, S-1 R3)."""

from decimal import Decimal

MINIMUM_JP_PER_YEAR = 20  # PP 11/2017 Pasal 203(4) (as amended by PP 17/2020)
# SIASN riwayat kursus: the provider of every certificate Bangkom issues (DOMAIN.md §4.2).
BANGKOM_PROVIDER = "BPSDM Kementerian Dalam Negeri"
MAX_EXTERNAL_JP = Decimal("999.5")  # fits JpCredit.jp (5 digits, 1 decimal)
EVIDENCE_TYPES = frozenset({"pdf", "jpg", "png"})
SIASN_DATE_FORMAT = "%d-%m-%Y"  # dd-mm-yyyy (DOMAIN.md §4.2)
