"""Routes of the finance context, mounted at /biaya/ (every one in ``finance/access.py``)."""

from django.urls import path

from bangkom.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.comparison, name="comparison"),
    path("perbandingan.xlsx", views.comparison_xlsx_view, name="comparison-xlsx"),
    path("perbandingan.pdf", views.comparison_pdf_view, name="comparison-pdf"),
    path("templat/", views.template_list, name="template-list"),
    path("templat/<int:pk>/", views.template_detail, name="template-detail"),
    path("templat/<int:pk>/ubah/", views.template_edit, name="template-edit"),
    path("templat/<int:pk>/salin/", views.template_copy, name="template-copy"),
    path("templat/<int:pk>/skenario/", views.scenario_add, name="scenario-add"),
    path("templat/<int:pk>/parameter/baru/", views.parameter_add, name="parameter-add"),
    path("parameter/<int:pk>/", views.parameter_edit, name="parameter-edit"),
    path("skenario/<int:pk>/baris/baru/", views.line_add, name="line-add"),
    path("baris/<int:pk>/", views.line_edit, name="line-edit"),
    path("harga/", views.price_list, name="price-list"),
    path("harga/baru/", views.price_add, name="price-add"),
    path("harga/item-baru/", views.price_item_add, name="price-item-add"),
]
