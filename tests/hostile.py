"""A tally of the hostile requests the tests send, by endpoint and status code.

Run the hostile-input tests with ``-s`` to see it: the issue's closing note reports these counts.
"""

from collections import Counter

import pytest

TALLY: Counter[tuple[str, int]] = Counter()


def record(endpoint: str, response):
    """Count one hostile request and hand its response back; never a 5xx."""
    TALLY[endpoint, response.status_code] += 1
    assert response.status_code < 500, (endpoint, response.status_code)
    return response


@pytest.fixture(scope="module")
def tally():
    yield TALLY
    for (endpoint, status), count in sorted(TALLY.items()):
        print(f"\nhostile requests: {endpoint} -> {status}: {count}", end="")
