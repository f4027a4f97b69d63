import pytest
from django.core.files.storage import storages
from certificates import document

@pytest.mark.django_db
def test_dump(certificate):
    name = document.stored_pdf(certificate)
    with storages["private"].open(name, "rb") as h:
        open("/tmp/h-cert/cert.pdf", "wb").write(h.read())
    open("/tmp/h-cert/cert.html", "w").write(document.build_html(certificate))
