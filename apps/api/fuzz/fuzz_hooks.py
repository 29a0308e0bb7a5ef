"""Schemathesis hooks of the fuzz stage, loaded by run-fuzz.ts through SCHEMATHESIS_HOOKS=fuzz_hooks.

- createSecret requires the body's token to equal the token in the path, a rule between two
  parts of a request that JSON Schema cannot state: generated cases get the path's token in
  their body, or nearly every one would stop at that 400 (bad-input.integration.test.ts tests
  the mismatch itself).
- No generated request removes the standing worker type (FUZZ_STANDING_WORKER_TYPE): updates
  need one that exists, and schemathesis reuses the names it sees in answers, so without this
  its coverage phase removes it before the fuzzing phase's updates run.
- With FUZZ_HAWK_ID set, every request is signed with Hawk (hawk_hooks.py).
"""

import os

import schemathesis

if os.environ.get("FUZZ_HAWK_ID"):
    import hawk_hooks  # noqa: F401  (registers the signing hook)


@schemathesis.hook
def map_case(context, case):
    if case.operation.definition.raw.get("operationId") != "createSecret":
        return case
    token = case.path_parameters.get("token") if isinstance(case.path_parameters, dict) else None
    if isinstance(case.body, dict) and isinstance(case.body.get("token"), str) and isinstance(token, str):
        case.body = {**case.body, "token": token}
    return case


@schemathesis.hook
def filter_case(context, case):
    # The standing worker type stays for the whole run (fuzz-document.ts): updates need one that exists.
    standing = os.environ.get("FUZZ_STANDING_WORKER_TYPE")
    if case.operation.definition.raw.get("operationId") != "removeWorkerType" or not isinstance(case.path_parameters, dict):
        return True
    return case.path_parameters.get("workerType") != standing
