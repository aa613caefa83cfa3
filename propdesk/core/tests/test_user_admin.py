"""The user admin finds a user by the whole mobile number (blind index), though the number is encrypted."""

import pytest
from django.contrib.auth import get_user_model


@pytest.mark.django_db
def test_the_user_admin_finds_a_user_by_mobile_number(client):
    User = get_user_model()
    admin = User.objects.create_superuser(username="root", password="Lantern-Harbour-93")
    User.objects.create_user(username="owner-1a2b3c4d", phone="13900001111", display_name="李明")
    User.objects.create_user(username="owner-9f8e7d6c", phone="13900002222", display_name="王芳")
    client.force_login(admin)
    found = client.get("/admin/core/user/", {"q": "139 0000 1111"}).content.decode()
    assert "owner-1a2b3c4d" in found and "owner-9f8e7d6c" not in found
    assert "13900001111" not in found  # shown masked
    by_name = client.get("/admin/core/user/", {"q": "王芳"}).content.decode()
    assert "owner-9f8e7d6c" in by_name and "owner-1a2b3c4d" not in by_name
