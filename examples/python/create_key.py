"""Creates an API key for a custom integration and prints it with its secret.

    pip install integration-keys
    export INTEGRATION_KEYS_SUBDOMAIN=acme           # or INTEGRATION_KEYS_BASE_URL
    export INTEGRATION_KEYS_KEY_ID=app_...           # an app or account key
    export INTEGRATION_KEYS_SECRET=...
    python create_key.py <app_id> <integration_id> [display_name]

The secret is printed on purpose: the create answer is the only time the API
is sure to show it. Printing the key object itself (print(key)) would show
the secret as <redacted>.
"""

import json
import sys
from typing import List

import integration_keys


def main(argv: List[str]) -> int:
    if len(argv) not in (2, 3):
        print(
            "usage: python create_key.py <app_id> <integration_id> [display_name]",
            file=sys.stderr,
        )
        return 2
    app_id, integration_id = argv[0], argv[1]
    display_name = argv[2] if len(argv) == 3 else "Created from Python"
    try:
        with integration_keys.Client.from_env() as client:
            key = client.create_integration_key(app_id, integration_id, display_name)
    except integration_keys.IntegrationKeysError as error:
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    shown = {"id": key.id, "displayName": key.display_name, "secret": key.secret}
    print(json.dumps({"key": shown}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
