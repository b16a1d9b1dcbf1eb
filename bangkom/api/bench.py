"""Reference endpoints for bench/exam_load.py, mounted only when BANGKOM_BENCH_ENDPOINTS=1.

They measure the floor under the real save endpoint on the same server: a bare JSON
"hello", and a bare one-statement upsert into the answers table without authentication.
They must never be switched on in a normal deployment (the upsert has no access control).
"""

from __future__ import annotations

import json

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

router = Router(tags=["bench"])


class UpsertIn(Schema):
    option_ids: list[str]
    client_seq: int


@router.get("/bench/hello", auth=None, url_name="bench-hello")
def hello(request: HttpRequest) -> dict:
    return {"hello": "bangkom"}


@router.put("/bench/upsert/{attempt_id}/{item_id}", auth=None, url_name="bench-upsert")
def upsert(request: HttpRequest, attempt_id: int, item_id: int, payload: UpsertIn) -> dict:
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cursor:
        # only a constant cast is spliced in; every value is a parameter
        sql = f"UPDATE assessments_answer SET option_ids = {json_param}, client_seq = %s, "  # noqa: S608
        sql += "saved_at = %s WHERE attempt_id = %s AND item_id = %s"
        cursor.execute(
            sql,
            [
                json.dumps(payload.option_ids),
                payload.client_seq,
                connection.ops.adapt_datetimefield_value(timezone.now()),
                attempt_id,
                item_id,
            ],
        )
        updated = cursor.rowcount
    return {"saved": updated == 1}
