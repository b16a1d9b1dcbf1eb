"""Routes of the assessments context's bank pages (under /ujian/; rows in access/bank.py)."""

from django.urls import path

from bangkom.assessments.views import bank

urlpatterns: list = [
    path("bank/", bank.bank_list, name="bank-list"),
    path("bank/baru/", bank.bank_create, name="bank-create"),
    path("bank/templat-impor.xlsx", bank.bank_template_xlsx, name="bank-template-xlsx"),
    path("bank/<int:bank_pk>/", bank.bank_detail, name="bank-detail"),
    path("bank/<int:bank_pk>/soal/baru/", bank.item_create, name="item-create"),
    path("bank/<int:bank_pk>/impor/", bank.bank_import, name="bank-import"),
    path("bank/<int:bank_pk>/ekspor-gift.txt", bank.bank_export_gift, name="bank-export-gift"),
    path("bank/<int:bank_pk>/ekspor.xlsx", bank.bank_export_xlsx, name="bank-export-xlsx"),
    path("soal/<int:item_pk>/", bank.item_detail, name="item-detail"),
    path("soal/<int:item_pk>/ubah/", bank.item_edit, name="item-edit"),
    path("soal/<int:item_pk>/telaah/", bank.item_review, name="item-review"),
    path("soal/<int:item_pk>/status/", bank.item_status, name="item-status"),
]
