"""The suite's own database behaves like a deployment's: a thread reading while the test writes (as the
live room's relay does) neither fails nor makes the write fail (an in-memory SQLite database did)."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connections


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as every transactional test here
def test_a_write_passes_a_reader_on_another_thread():
    group = Group.objects.create(name="读写并行")
    stop = threading.Event()
    reader_errors = []

    def read():
        try:
            while not stop.is_set():
                list(Group.objects.all())
        except Exception as error:  # noqa: BLE001 - any failure of the reader is the finding
            reader_errors.append(error)
        finally:
            connections.close_all()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for number in range(300):
            Group.objects.filter(pk=group.pk).update(name=f"读写并行{number}")
    finally:
        stop.set()
        reader.join()
    assert reader_errors == []
    group.refresh_from_db()
    assert group.name == "读写并行299"
