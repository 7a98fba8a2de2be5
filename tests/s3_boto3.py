#!/usr/bin/env python3
"""Runs a list of boto3 S3 calls for the integration tests (tests/s3_gateway.rs) and prints
their outcomes as one JSON array on stdout, in order.

Input (stdin, JSON):
    {"endpoint": "http://127.0.0.1:PORT", "ca_bundle": null or "/path/ca.pem",
     "credentials": {"name": {"access_key": .., "secret_key": .., "session_token": ..}, ..},
     "config": {optional botocore Config arguments, e.g. "request_checksum_calculation"},
     "calls": [{"as": "name", "op": "put_object", "args": {..}}, ..]}

Argument values are JSON, with three extensions:
- {"$bytes": "<base64>"} and {"$text": "..."} are bytes (for Body);
- {"$repeat": ["ab", 1000]} is the text repeated, as bytes;
- a string "${N.Path.To.Value}" is replaced by that value of call N's result (e.g. an UploadId
  or an ETag), with list indices as numbers.

Each outcome is {"ok": {...response...}} or {"error": {"code": .., "status": .., "message": ..}},
with "Sent": the headers of the last HTTP request the call sent (without the signature and
the session token), so a test can tell e.g. a trailing checksum from a header checksum.
In responses, `Body` is read and returned as {"b64": .., "text": .. (if UTF-8)}; datetimes
become ISO 8601 strings; `ResponseMetadata` keeps only HTTPStatusCode and the headers.
"""

import base64
import datetime
import json
import re
import sys

try:
    import boto3
    import botocore.config
    import botocore.exceptions
except ImportError as e:
    sys.exit(f"{e}: install it: python3 -m pip install boto3")

REF = re.compile(r"^\$\{(\d+)\.([^}]*)\}$")


def to_json(value):
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return {"b64": base64.b64encode(value).decode()}
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if hasattr(value, "read"):
        data = value.read()
        out = {"b64": base64.b64encode(data).decode(), "len": len(data)}
        try:
            out["text"] = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        return out
    return value


def lookup(results, index, path):
    value = results[index]
    for part in path.split(".") if path else []:
        if isinstance(value, list):
            value = value[int(part)]
        else:
            value = value[part]
    return value


def resolve(value, results):
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return base64.b64decode(value["$bytes"])
        if set(value) == {"$text"}:
            return value["$text"].encode("utf-8")
        if set(value) == {"$repeat"}:
            text, count = value["$repeat"]
            return (text * count).encode("utf-8")
        return {k: resolve(v, results) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, results) for v in value]
    if isinstance(value, str):
        m = REF.match(value)
        if m:
            return lookup(results, int(m.group(1)), m.group(2))
    return value


def main():
    spec = json.load(sys.stdin)
    config_args = {"s3": {"addressing_style": "path"}, "retries": {"max_attempts": 1}}
    config_args.update(spec.get("config") or {})
    config = botocore.config.Config(**config_args)
    clients = {}
    for name, c in spec["credentials"].items():
        clients[name] = boto3.session.Session(
            aws_access_key_id=c["access_key"],
            aws_secret_access_key=c["secret_key"],
            aws_session_token=c.get("session_token"),
            region_name="us-east-1",
        ).client(
            "s3",
            endpoint_url=spec["endpoint"],
            config=config,
            verify=spec.get("ca_bundle") or True,
        )
    sent = {}

    def record(request, **_kwargs):
        sent.clear()
        for name, value in request.headers.items():
            if name.lower() in ("authorization", "x-amz-security-token"):
                continue
            sent[name.lower()] = value.decode() if isinstance(value, bytes) else value

    for client in clients.values():
        client.meta.events.register("before-send.s3", record)
    outcomes = []
    # Successful results by call index, for "${N...}" references.
    results = []
    for call in spec["calls"]:
        client = clients[call.get("as", "default")]
        sent.clear()
        try:
            args = resolve(call.get("args", {}), results)
            response = getattr(client, call["op"])(**args)
            meta = response.pop("ResponseMetadata", {})
            response["HTTPStatusCode"] = meta.get("HTTPStatusCode")
            response["Headers"] = meta.get("HTTPHeaders", {})
            ok = to_json(response)
            outcomes.append({"ok": ok, "Sent": dict(sent)})
            results.append(ok)
        except botocore.exceptions.ClientError as e:
            err = e.response.get("Error", {})
            meta = e.response.get("ResponseMetadata", {})
            outcome = {
                "error": {
                    "code": err.get("Code"),
                    "message": err.get("Message"),
                    "status": meta.get("HTTPStatusCode"),
                    "key": err.get("Key"),
                }
            }
            outcome["Sent"] = dict(sent)
            outcomes.append(outcome)
            results.append(outcome)
        except (botocore.exceptions.BotoCoreError, KeyError, IndexError, ValueError) as e:
            outcome = {"error": {"code": "ClientSide:" + type(e).__name__, "message": str(e)}}
            outcomes.append(outcome)
            results.append(outcome)
    json.dump(outcomes, sys.stdout)


if __name__ == "__main__":
    main()
