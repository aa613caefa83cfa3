import pytest


@pytest.fixture
def run_tasks_now(monkeypatch):
    """Background tasks run at once in the test's transaction (no Celery worker, no thread)."""
    from propdesk.registry.services import imports

    monkeypatch.setattr(imports, "enqueue", lambda task, *args: task(*args))
