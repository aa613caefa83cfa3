import errno
import socket
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from propdesk.core import schema
from propdesk.core.demo import demo_logins
from propdesk.core.jobs import InProcessScheduler
from propdesk.core.management.commands.load_demo import HISTORY


def split_addr(addr: str) -> tuple[str, int]:
    host, _, port = addr.rpartition(":")
    if not port.isdigit():
        raise CommandError(f"--addr {addr!r}: expected host:port, e.g. 127.0.0.1:8000")
    return host or "127.0.0.1", int(port)


def check_port_free(addr: str) -> None:
    """Refuse at once a port another program holds (before any set-up, not after it)."""
    host, port = split_addr(addr)
    probe = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    try:
        probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                f"Port {port} on {host} is already in use: stop the other server or choose another port "
                f"(PORT=8080 make run)."
            ) from exc
        raise CommandError(f"Cannot listen on {host}:{port}: {exc.strerror}") from exc
    finally:
        probe.close()


class Command(BaseCommand):
    help = (
        "Serve PropDesk for a single machine: the web server plus the in-process job scheduler. "
        "With --setup, first migrate, load the defaults and, on an empty database, the demo — in this "
        "one process."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--no-scheduler", action="store_true")
        parser.add_argument("--setup", action="store_true", help="migrate, load defaults and the demo first")

    def handle(self, *args, addr, no_scheduler, setup, **options):
        check_port_free(addr)
        if setup:
            self._setup()
        if settings.INPROCESS_SCHEDULER and not no_scheduler:
            InProcessScheduler().start()
            self.stdout.write("in-process scheduler started (periodic jobs run inside this process)")
        else:
            self.stdout.write(
                "in-process scheduler off: run `celery -A propdesk worker` and `celery -A propdesk beat`"
            )
        self._print_logins()
        call_command("runserver", addr, use_reloader=False, use_threading=True)

    def _setup(self) -> None:
        if schema.load_if_empty(connection):
            self.stdout.write("empty SQLite database: loaded the schema snapshot (core/schema/sqlite.sql)")
        for name, args, kwargs in (
            ("migrate", (), {"interactive": False, "verbosity": 1}),
            ("load_defaults", (), {}),
            ("load_sla_defaults", (), {}),
            ("load_demo", (), {"if_empty": True, "history": HISTORY}),
        ):
            started = time.monotonic()
            call_command(name, *args, **kwargs)
            self.stdout.write(f"{name}: {time.monotonic() - started:.1f} s")

    def _print_logins(self):
        logins = demo_logins()
        if not logins:
            return
        self.stdout.write(f"\nDemo logins (password: {settings.DEMO_PASSWORD})")
        for username, name, where in logins:
            self.stdout.write(f"  {username:24} {name:8}  {where}")
        self.stdout.write("")
