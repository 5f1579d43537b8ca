#!/usr/bin/env python3
"""Recompute every value in Vectors/masking.json from Specs/masking.md, independently of the Swift code.

HKDF-SHA-256 and ChaCha20 come from the `cryptography` package (pip install cryptography); everything else is
plain Python. Exit status 0 when every vector matches, 1 otherwise.

Usage: python3 Vectors/tools/check_masking.py [path/to/masking.json]
"""

import json
import math
import sys
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEGMENT_LENGTH = 2048
STATISTICAL_SECURITY = 40
COMPLETION_FAILURE_EXPONENT = 20
MAXIMUM_SEARCHED_DEGREE = 2048
LOG_TOLERANCE = 1e-9


# Primitives ------------------------------------------------------------------------------------------------------


def kdf_info(label, fields):
    """Build the `info` of KeyDerivation: "secagg/v1", then the label and each field, each as a 4-byte big-endian
    length followed by its bytes."""
    info = b"secagg/v1"
    for field in [label.encode()] + fields:
        info += len(field).to_bytes(4, "big") + field
    return info


def hkdf(secret, salt, label, fields, length=32):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt or None, info=kdf_info(label, fields)).derive(
        secret
    )


def chacha20(key, nonce, first_block, byte_count):
    """ChaCha20 (RFC 8439) keystream from block `first_block`; cryptography takes counter || nonce, little-endian."""
    cipher = Cipher(algorithms.ChaCha20(key, first_block.to_bytes(4, "little") + nonce), mode=None)
    return cipher.encryptor().update(bytes(byte_count))


def is_prime(n):
    if n < 2:
        return False
    witnesses = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
    for p in witnesses:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in witnesses:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


# Moduli and masks ----------------------------------------------------------------------------------------------


class Modulus:
    def __init__(self, text):
        if text.startswith("2^"):
            self.prime = None
            self.bits = int(text[2:])
            self.value = 1 << self.bits
            self.bit_width = self.bits
        elif text.startswith("p="):
            self.prime = int(text[2:])
            assert self.prime >= 3, text
            assert is_prime(self.prime), text
            self.value = self.prime
            self.bit_width = self.prime.bit_length()
        else:
            raise ValueError(f"bad modulus {text}")
        self.lane = next(width for width in (1, 2, 4, 8) if 8 * width >= self.bit_width)

    def encoded(self):
        if self.prime is None:
            return bytes([0]) + self.bits.to_bytes(8, "big")
        return bytes([1]) + self.prime.to_bytes(8, "big")


def mask_key(vector):
    modulus = Modulus(vector["modulus"])
    fields = [
        bytes.fromhex(vector["task"]),
        vector["round"].to_bytes(8, "big"),
        vector["vector_name"].encode(),
        vector["length"].to_bytes(8, "big"),
        modulus.encoded(),
    ]
    if vector["kind"] == "self":
        label = "masking/self"
        fields.append(vector["provider"].to_bytes(4, "big"))
    else:
        label = "masking/pairwise"
        lower, higher = vector["lower"], vector["higher"]
        assert lower < higher
        fields += [lower.to_bytes(4, "big"), higher.to_bytes(4, "big")]
    return hkdf(bytes.fromhex(vector["secret"]), bytes.fromhex(vector["session"]), label, fields)


def mask_elements(key, modulus, start, count):
    """Mask coordinates start ..< start + count."""
    if count == 0:
        return []
    width = modulus.lane
    if modulus.prime is None:
        first_block = start * width // 64
        skip = start * width - first_block * 64
        stream = chacha20(key, bytes(12), first_block, skip + count * width)
        words = [int.from_bytes(stream[skip + i * width : skip + (i + 1) * width], "little") for i in range(count)]
        return [word % modulus.value for word in words]
    elements = []
    bit_mask = (1 << modulus.bit_width) - 1
    for segment in range(start // SEGMENT_LENGTH, (start + count - 1) // SEGMENT_LENGTH + 1):
        nonce = (1).to_bytes(4, "little") + segment.to_bytes(8, "little")
        accepted = []
        block = 0
        while len(accepted) < SEGMENT_LENGTH:
            chunk = chacha20(key, nonce, block, 64)
            block += 1
            for offset in range(0, 64, width):
                candidate = int.from_bytes(chunk[offset : offset + width], "little") & bit_mask
                if candidate < modulus.prime and len(accepted) < SEGMENT_LENGTH:
                    accepted.append(candidate)
        segment_start = segment * SEGMENT_LENGTH
        for index, value in enumerate(accepted):
            if start <= segment_start + index < start + count:
                elements.append(value)
    return elements


def check_mask(vector):
    key = mask_key(vector)
    problems = []
    if key.hex() != vector["key"]:
        problems.append("key")
    modulus = Modulus(vector["modulus"])
    for element_range in vector["ranges"]:
        expected = [int(value) for value in element_range["elements"]]
        if mask_elements(key, modulus, element_range["start"], len(expected)) != expected:
            problems.append(f"range from {element_range['start']}")
    return problems


# Quantization --------------------------------------------------------------------------------------------------


def check_quantize(vector):
    modulus = Modulus(vector["modulus"])
    clip, scale, weight = vector["clip_bound"], vector["scale"], vector["weight"]
    update = vector["update"]
    stream = chacha20(bytes.fromhex(vector["rounding_seed"]), bytes(12), 0, 8 * len(update))
    encoded = []
    for index, value in enumerate(update):
        uniform = (int.from_bytes(stream[8 * index : 8 * index + 8], "little") >> 11) / 2**53
        scaled = min(max(value, -clip), clip) * scale
        floor = math.floor(scaled)
        rounded = floor + (1 if uniform < scaled - floor else 0)
        encoded.append((weight * rounded) % modulus.value)
    encoded.append(weight % modulus.value)
    return [] if encoded == [int(value) for value in vector["encoded"]] else ["encoded"]


def plan_quantization(providers, maximum_weight, clip, maximum_error, choice):
    _, exponent = math.frexp(maximum_error)  # maximum_error = m * 2^exponent with 0.5 <= m < 1
    scale = 2.0 ** max(-(exponent - 1), -1022)
    coordinate_bound = math.ceil(clip * scale)
    sum_bound = providers * maximum_weight * coordinate_bound
    if choice == "power-of-two":
        modulus = f"2^{(2 * sum_bound).bit_length()}"
    else:
        candidate = 2 * sum_bound + 1
        while not is_prime(candidate):
            candidate += 1
        modulus = f"p={candidate}"
    return modulus, scale, coordinate_bound, sum_bound


def check_plan_quantization(vector):
    modulus, scale, coordinate_bound, sum_bound = plan_quantization(
        vector["providers"], vector["maximum_weight"], vector["clip_bound"], vector["maximum_error"],
        vector["modulus_choice"])
    problems = []
    for field, value in [("modulus", modulus), ("scale", scale), ("coordinate_bound", coordinate_bound),
                         ("sum_bound", sum_bound)]:
        if vector[field] != value:
            problems.append(field)
    return problems


# Graph planner -------------------------------------------------------------------------------------------------


NEG_INF = float("-inf")


def log_choose(n, k):
    if k < 0 or k > n:
        return NEG_INF
    if k in (0, n):
        return 0.0
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def log_add(a, b):
    if a == NEG_INF:
        return b
    if b == NEG_INF:
        return a
    larger = max(a, b)
    return larger + math.log1p(math.exp(min(a, b) - larger))


def log_power(p, count):
    if count == 0:
        return 0.0
    return NEG_INF if p == 0 else count * math.log(p)


def binomial_tails(trials, p):
    tails = [NEG_INF] * (trials + 2)
    for x in range(trials, -1, -1):
        tails[x] = log_add(tails[x + 1], log_choose(trials, x) + log_power(p, x) + log_power(1 - p, trials - x))
    return tails


def hypergeometric_term(population, successes, draws, i):
    return log_choose(successes, i) + log_choose(population - successes, draws - i) - log_choose(population, draws)


def hypergeometric_tails(population, successes, draws):
    tails = [NEG_INF] * (draws + 2)
    for x in range(draws, -1, -1):
        tails[x] = log_add(tails[x + 1], hypergeometric_term(population, successes, draws, x))
    return tails


def graph_plan_at(n, dropout, corrupt, malicious, degree):
    security = -STATISTICAL_SECURITY * math.log(2)
    completion_target = -COMPLETION_FAILURE_EXPONENT * math.log(2)
    complete = degree == n - 1
    disconnection = NEG_INF
    if not complete and n - degree - 1 >= 1:
        window = degree
        removed = NEG_INF
        for j in range(0, min(window, corrupt) + 1):
            removed = log_add(removed, hypergeometric_term(n, corrupt, window, j) + log_power(dropout, window - j))
        disconnection = math.log(n) + math.log(n - degree - 1) - math.log(2) + removed
    if disconnection > security:
        return None
    exposure_tails = hypergeometric_tails(n - 1, corrupt, degree)
    log_honest = math.log(n - corrupt)

    def exposure(t):
        exposing = 2 * t - degree if malicious else t
        return log_honest if exposing <= 0 else log_honest + exposure_tails[exposing]

    binomial = binomial_tails(degree, dropout)

    def completion(t):
        return math.log(n) + binomial[degree - t + 1]

    lows = [t for t in range(1, degree + 1) if exposure(t) <= security]
    highs = [t for t in range(1, degree + 1) if completion(t) <= completion_target]
    if not lows or not highs or lows[0] > highs[-1]:
        return None
    t = highs[-1]
    return {
        "degree": degree, "threshold": t, "threshold_minimum": lows[0], "threshold_maximum": t, "complete": complete,
        "log2_completion_failure": completion(t) / math.log(2), "log2_secret_exposure": exposure(t) / math.log(2),
        "log2_disconnection": disconnection / math.log(2),
    }


def plan_graph(n, dropout, corrupt_fraction, malicious):
    corrupt = math.floor(corrupt_fraction * n)
    for degree in range(2, min(n - 2, MAXIMUM_SEARCHED_DEGREE) + 1, 2):
        plan = graph_plan_at(n, dropout, corrupt, malicious, degree)
        if plan:
            return plan
    return graph_plan_at(n, dropout, corrupt, malicious, n - 1)


def as_float(value):
    return float(value) if isinstance(value, str) else value


def check_plan_graph(vector):
    plan = plan_graph(vector["providers"], vector["dropout_rate"], vector["corrupt_fraction"],
                      vector["aggregator"] == "malicious")
    if plan is None:
        return ["no plan"]
    problems = []
    for field, value in plan.items():
        stored = as_float(vector[field]) if field.startswith("log2") else vector[field]
        if field.startswith("log2"):
            if math.isinf(value) or math.isinf(stored):
                ok = value == stored
            else:
                ok = abs(value - stored) <= LOG_TOLERANCE * max(1.0, abs(value))
        else:
            ok = value == stored
        if not ok:
            problems.append(f"{field}: {value} != {stored}")
    return problems


# Graph ---------------------------------------------------------------------------------------------------------


def check_graph(vector):
    seed = hkdf(bytes.fromhex(vector["session"]), b"", "masking/graph",
                [bytes.fromhex(vector["task"]), vector["round"].to_bytes(8, "big")])
    ring = sorted(vector["provider_ids"])
    stream = chacha20(seed, bytes(12), 0, 4 * 64 * 64)
    position = 0
    for i in range(len(ring) - 1, 0, -1):
        mask = (1 << i.bit_length()) - 1
        while True:
            candidate = int.from_bytes(stream[position : position + 4], "little") & mask
            position += 4
            if candidate <= i:
                break
        ring[i], ring[candidate] = ring[candidate], ring[i]
    half = vector["degree"] // 2
    n = len(ring)
    neighbours = []
    for provider in sorted(ring):
        index = ring.index(provider)
        around = [ring[(index + d) % n] for d in range(1, half + 1)] + [ring[(index - d) % n] for d in range(1, half + 1)]
        neighbours.append({"provider": provider, "neighbours": sorted(around)})
    problems = []
    if seed.hex() != vector["seed"]:
        problems.append("seed")
    if ring != vector["ring"]:
        problems.append("ring")
    if neighbours != vector["neighbours"]:
        problems.append("neighbours")
    return problems


CHECKS = {
    "mask": check_mask,
    "quantize": check_quantize,
    "plan-quantization": check_plan_quantization,
    "plan-graph": check_plan_graph,
    "graph": check_graph,
}


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "masking.json"
    document = json.loads(path.read_text())
    passed = failed = 0
    for vector in document["vectors"]:
        problems = CHECKS[vector["type"]](vector)
        if problems:
            failed += 1
            print(f"FAIL {vector['name']}: {', '.join(problems)}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
