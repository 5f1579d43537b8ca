#!/usr/bin/env python3
"""Cross-check the Paillier vectors with plain Python integers, independently of the Swift code.

Recomputes every value of Vectors/paillier/paillier.json and Vectors/paillier/toolkit.json from the
definitions in Specs/paillier.md, using only Python's built-in integers, hashlib and base64. When
python-paillier (package ``phe``) is importable it also checks interoperability in both directions:
python-paillier decrypts the toolkit's ciphertexts, re-encrypts them with the same ``r``, and reads the
toolkit's JWK public key.

Usage:
    python3 Vectors/tools/check_paillier.py             check and print a summary
    python3 Vectors/tools/check_paillier.py --record    also write the result into toolkit.json
    python3 Vectors/tools/check_paillier.py --write-python-vectors
                                                        encrypt fresh values with python-paillier into
                                                        Vectors/paillier/python_paillier.json, for the
                                                        Swift conformance suite to decrypt

Exit code 0 when every check passes, 1 otherwise. After --record or --write-python-vectors, regenerate
Vectors/SHA256SUMS.
"""

import argparse
import base64
import datetime
import hashlib
import json
import math
import platform
import random
import sys
from fractions import Fraction
from itertools import combinations
from pathlib import Path

VECTORS = Path(__file__).resolve().parent.parent
TOOLKIT = VECTORS / "paillier" / "toolkit.json"
PUBLISHED = VECTORS / "paillier" / "paillier.json"
PYTHON_FILE = VECTORS / "paillier" / "python_paillier.json"


class Checker:
    """Counts checks and remembers the failed ones."""

    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, condition):
        if condition:
            self.passed += 1
        else:
            self.failed.append(name)


# ---------------------------------------------------------------------------------------------------------
# Number theory with plain integers


def is_probable_prime(n, rounds=40):
    """Miller-Rabin with bases from a fixed-seed generator: enough for checking fixed vector primes."""
    if n < 2:
        return False
    for small in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % small == 0:
            return n == small
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    generator = random.Random(n)
    for _ in range(rounds):
        a = generator.randrange(2, n - 1)
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


def minimal_bytes(x):
    return x.to_bytes((x.bit_length() + 7) // 8, "big")


def fixed_bytes(x, count):
    return x.to_bytes(count, "big")


def u16(x):
    return x.to_bytes(2, "big")


def u32(x):
    return x.to_bytes(4, "big")


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64url_int(text):
    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


class Key:
    """A Paillier key with g = n + 1, from its primes."""

    def __init__(self, p, q):
        self.p, self.q = p, q
        self.n = p * q
        self.n2 = self.n * self.n
        self.k = (self.n.bit_length() + 7) // 8
        self.lam = (p - 1) * (q - 1)
        self.mu = pow(self.lam, -1, self.n)
        self.window = self.n // 3 - 1
        digest = hashlib.sha256(b"secagg/v1 paillier public key" + minimal_bytes(self.n)).digest()
        self.key_id = digest[:16]

    def encrypt(self, m, r):
        return (1 + m * self.n) * pow(r, self.n, self.n2) % self.n2

    def decrypt(self, c):
        return (pow(c, self.lam, self.n2) - 1) // self.n * self.mu % self.n

    def encode_signed(self, v):
        assert -self.window <= v <= self.window
        return v % self.n

    def decode_signed(self, x):
        if x <= self.window:
            return x
        if x >= self.n - self.window:
            return x - self.n
        return "overflow"

    def ciphertext_wire(self, c):
        return bytes([0x50, 0x03, 0x01]) + self.key_id + fixed_bytes(c, 2 * self.k)

    def is_valid_ciphertext(self, c):
        return 0 < c < self.n2 and math.gcd(c, self.n) == 1


def h(text):
    return int(text, 16)


# ---------------------------------------------------------------------------------------------------------
# Published vectors


def check_published(checker):
    data = json.loads(PUBLISHED.read_text())
    for vector in data["vectors"]:
        key = Key(h(vector["p"]), h(vector["q"]))
        name = "published " + vector["name"]
        checker.check(name + " modulus", key.n == h(vector["n"]))
        m, c = h(vector["plaintext"]), h(vector["ciphertext"])
        if vector["type"] == "encrypt":
            checker.check(name + " encrypt", key.encrypt(m, h(vector["r"])) == c)
        else:
            checker.check(name + " add", h(vector["ciphertext_a"]) * h(vector["ciphertext_b"]) % key.n2 == c)
        checker.check(name + " decrypt", key.decrypt(c) == m)


# ---------------------------------------------------------------------------------------------------------
# Toolkit vectors


def check_keys(checker, records):
    keys = {}
    for record in records:
        p, q = h(record["p"]), h(record["q"])
        key = Key(p, q)
        keys[record["name"]] = key
        name = "key " + record["name"]
        checker.check(name + " primes", is_probable_prime(p) and is_probable_prime(q) and p != q)
        checker.check(name + " sizes", p.bit_length() == q.bit_length() == (key.n.bit_length() + 1) // 2)
        checker.check(name + " gcd(n, phi)", math.gcd(key.n, key.lam) == 1)
        checker.check(name + " modulus", key.n == h(record["n"]))
        checker.check(name + " key id", key.key_id.hex() == record["key_id"])
        safe = is_probable_prime((p - 1) // 2) and is_probable_prime((q - 1) // 2)
        checker.check(name + " safe primes", safe == record["safe_primes"])
        wire = bytes([0x50, 0x01, 0x01]) + u16(key.k) + fixed_bytes(key.n, key.k)
        checker.check(name + " public wire", wire.hex() == record["public_key_wire"])
        private = bytes([0x50, 0x02, 0x01])
        for prime in (p, q):
            private += u16(len(minimal_bytes(prime))) + minimal_bytes(prime)
        checker.check(name + " private wire", private.hex() == record["private_key_wire"])
        jwk = json.loads(record["public_key_jwk"])
        checker.check(
            name + " jwk",
            jwk["kty"] == "DAJ" and jwk["alg"] == "PAI-GN1" and jwk["key_ops"] == ["encrypt"]
            and jwk["n"] == b64url(minimal_bytes(key.n)),
        )
    return keys


def signed_int(text):
    return int(text, 10)


def check_encryption(checker, key, vector):
    name = vector["name"]
    kind = vector["type"]
    if kind == "encrypt":
        m, r, c = h(vector["plaintext"]), h(vector["r"]), h(vector["ciphertext"])
        checker.check(name, key.encrypt(m, r) == c and key.decrypt(c) == m)
        checker.check(name + " wire", key.ciphertext_wire(c).hex() == vector["ciphertext_wire"])
    elif kind == "encrypt-fast":
        x, a, m = h(vector["x"]), h(vector["a"]), h(vector["plaintext"])
        base = pow((-x * x) % key.n, key.n, key.n2)
        checker.check(name + " base", base == h(vector["base"]))
        checker.check(name + " exponent size", 0 < a < 2 ** vector["exponent_bits"])
        c = (1 + m * key.n) * pow(base, a, key.n2) % key.n2
        checker.check(name, c == h(vector["ciphertext"]) and key.decrypt(c) == m)
    elif kind == "rerandomize":
        c = h(vector["input"]) * pow(h(vector["r"]), key.n, key.n2) % key.n2
        checker.check(name, c == h(vector["ciphertext"]) and key.decrypt(c) == h(vector["plaintext"]))


def check_encodings(checker, key, vector):
    name = vector["name"]
    kind = vector["type"]
    if kind == "signed":
        value, m = signed_int(vector["value"]), h(vector["plaintext"])
        checker.check(name + " encode", key.encode_signed(value) == m)
        c = key.encrypt(m, h(vector["r"]))
        checker.check(name + " encrypt", c == h(vector["ciphertext"]))
        checker.check(name + " decrypt", key.decode_signed(key.decrypt(c)) == value)
    elif kind == "signed-decode":
        decoded = key.decode_signed(h(vector["plaintext"]))
        expected = vector["expected"]
        checker.check(name, decoded == (expected if expected == "overflow" else signed_int(expected)))
    elif kind == "fixed-point":
        exponent = vector["exponent"]
        real = float(vector["real"])
        # Python's round on a Fraction rounds ties to even, as the toolkit specifies.
        mantissa = round(Fraction(real) * Fraction(16) ** (-exponent))
        checker.check(name + " mantissa", mantissa == signed_int(vector["mantissa"]))
        m = key.encode_signed(mantissa)
        checker.check(name + " plaintext", m == h(vector["plaintext"]))
        c = key.encrypt(m, h(vector["r"]))
        checker.check(name + " encrypt", c == h(vector["ciphertext"]))
        checker.check(name + " json", json.loads(vector["number_json"]) == {"v": str(c), "e": exponent})
        wire = bytes([0x50, 0x08, 0x01]) + key.key_id + (exponent & 0xFFFF).to_bytes(2, "big")
        wire += fixed_bytes(c, 2 * key.k)
        checker.check(name + " wire", wire.hex() == vector["number_wire"])
        checker.check(name + " decode", key.decode_signed(key.decrypt(c)) * 16.0**exponent == float(mantissa) * 16.0**exponent)


def check_homomorphic(checker, key, vector):
    name = vector["name"]
    kind = vector["type"]
    c1 = h(vector["input"])
    if kind == "add":
        result = c1 * h(vector["input_b"]) % key.n2
    elif kind == "add-plaintext":
        result = c1 * (1 + h(vector["plaintext"]) * key.n) % key.n2
    elif kind == "multiply":
        result = pow(c1, signed_int(vector["scalar"]), key.n2)
    else:
        result = pow(c1, -1, key.n2)
    checker.check(name, result == h(vector["ciphertext"]))
    checker.check(name + " decrypt", key.decode_signed(key.decrypt(result)) == signed_int(vector["value"]))


class Layout:
    def __init__(self, key, value_bits, maximum_summands):
        self.value_bits = value_bits
        self.maximum_summands = maximum_summands
        self.offset = 2**value_bits - 1
        guard = (maximum_summands - 1).bit_length()
        self.width = value_bits + 1 + guard + 1
        self.slots = (key.window.bit_length() - 1) // self.width

    def pack(self, values):
        total = 0
        for index, value in enumerate(values):
            assert -self.offset <= value <= self.offset
            total += (value + self.offset) << (index * self.width)
        return total

    def unpack(self, plaintext, count, slot_count):
        if plaintext.bit_length() > self.slots * self.width:
            return ["overflow"] * slot_count
        result = []
        for index in range(slot_count):
            field = (plaintext >> (index * self.width)) & ((1 << self.width) - 1)
            result.append("overflow" if field > 2 * count * self.offset else str(field - count * self.offset))
        return result


def vector_wire(key, layout, value_count, summands, ciphertexts):
    wire = bytes([0x50, 0x04, 0x01]) + key.key_id + bytes([layout.value_bits]) + u32(layout.maximum_summands)
    wire += u32(value_count) + u32(summands)
    for c in ciphertexts:
        wire += fixed_bytes(c, 2 * key.k)
    return wire


def check_packing(checker, key, vector):
    name = vector["name"]
    layout = Layout(key, vector["value_bits"], vector["maximum_summands"])
    if vector["type"] == "packed-unpack":
        expected = vector["sums"]
        checker.check(name, layout.unpack(h(vector["plaintext"]), vector["summand_count"], len(expected)) == expected)
        return
    providers = vector["values"]
    plaintexts = []
    encrypted = []
    for provider, values in enumerate(providers):
        chunks = [values[i : i + layout.slots] for i in range(0, len(values), layout.slots)]
        packed = [layout.pack(chunk) for chunk in chunks]
        plaintexts += packed
        cts = [key.encrypt(m, h(r)) for m, r in zip(packed, vector["randomness"][provider])]
        encrypted.append(cts)
        wire = vector_wire(key, layout, len(values), 1, cts)
        checker.check(f"{name} provider {provider} wire", wire.hex() == vector["vector_wires"][provider])
    checker.check(name + " plaintexts", [format(m, "x") for m in plaintexts] == vector["plaintexts"])
    sums = [math.prod(column) % key.n2 for column in zip(*encrypted)]
    count = len(providers)
    value_count = len(providers[0])
    checker.check(name + " sum wire", vector_wire(key, layout, value_count, count, sums).hex() == vector["sum_wire"])
    slots = []
    for index, c in enumerate(sums):
        slots += layout.unpack(key.decrypt(c), count, min(layout.slots, value_count - index * layout.slots))
    checker.check(name + " sums", slots == vector["sums"])
    checker.check(name + " plain sums", [str(sum(column)) for column in zip(*providers)] == vector["sums"])


def length_prefixed(x):
    data = minimal_bytes(x)
    return u32(len(data)) + data


def check_threshold(checker, key, vector):
    name = vector["name"]
    n, n2 = key.n, key.n2
    t, w = vector["threshold"], vector["holder_count"]
    delta = math.factorial(w)
    m = ((key.p - 1) // 2) * ((key.q - 1) // 2)
    d = m * pow(m, -1, n)
    checker.check(name + " d", d % m == 0 and d % n == 1)
    shares = [h(s) for s in vector["key_shares"]]
    v = h(vector["verification_base"])
    keys = [h(x) for x in vector["verification_keys"]]
    checker.check(name + " v is a square unit", key.is_valid_ciphertext(v))
    for index, share in enumerate(shares):
        holder = index + 1
        checker.check(f"{name} holder {holder} verification key", pow(v, delta * share, n2) == keys[index])
        wire = bytes([0x50, 0x06, 0x01]) + key.key_id + u16(holder) + u16(len(minimal_bytes(share)))
        wire += minimal_bytes(share)
        checker.check(f"{name} holder {holder} key share wire", wire.hex() == vector["key_share_wires"][index])
    # Any t shares interpolate f(0) = d modulo n m.
    for subset in combinations(range(1, w + 1), t):
        total = Fraction(0)
        for i in subset:
            coefficient = Fraction(1)
            for j in subset:
                if j != i:
                    coefficient *= Fraction(j, j - i)
            total += coefficient * shares[i - 1]
        checker.check(f"{name} interpolation {subset}", total.denominator == 1 and int(total) % (n * m) == d)
    params = bytes([0x50, 0x05, 0x01]) + u16(t) + u16(w) + u16(key.k) + fixed_bytes(n, key.k)
    params += fixed_bytes(v, 2 * key.k) + b"".join(fixed_bytes(x, 2 * key.k) for x in keys)
    checker.check(name + " parameters wire", params.hex() == vector["parameters_wire"])

    c = h(vector["ciphertext"])
    plaintext = h(vector["plaintext"])
    checker.check(name + " plaintext", key.decrypt(c) == plaintext)
    checker.check(name + " value", key.decode_signed(plaintext) == signed_int(vector["value"]))
    nonce_bits = n2.bit_length() + delta.bit_length() + 512
    c4 = pow(c, 4, n2)
    values = {}
    for record in vector["decryption_shares"]:
        holder = record["holder"]
        s = shares[holder - 1]
        ci = pow(c, 2 * delta * s, n2)
        checker.check(f"{name} share {holder} value", ci == h(record["value"]))
        r = h(record["nonce"])
        checker.check(f"{name} share {holder} nonce size", r < 2**nonce_bits)
        a, b = pow(c4, r, n2), pow(v, r, n2)
        transcript = b"secagg/v1 paillier decryption share proof" + length_prefixed(n) + u32(holder)
        transcript += length_prefixed(v) + length_prefixed(keys[holder - 1]) + length_prefixed(c)
        transcript += length_prefixed(ci) + length_prefixed(a) + length_prefixed(b)
        e = int.from_bytes(hashlib.sha256(transcript).digest(), "big")
        z = r + e * delta * s
        checker.check(f"{name} share {holder} challenge", e == h(record["challenge"]))
        checker.check(f"{name} share {holder} response", z == h(record["response"]))
        # The verifier's equations.
        a_check = pow(c4, z, n2) * pow(ci * ci % n2, -e, n2) % n2
        b_check = pow(v, z, n2) * pow(keys[holder - 1], -e, n2) % n2
        checker.check(f"{name} share {holder} proof", (a_check, b_check) == (a, b))
        wire = bytes([0x50, 0x07, 0x01]) + key.key_id + u16(holder) + fixed_bytes(ci, 2 * key.k)
        wire += fixed_bytes(e, 32) + u16(len(minimal_bytes(z))) + minimal_bytes(z)
        checker.check(f"{name} share {holder} wire", wire.hex() == record["wire"])
        values[holder] = ci
    for subset in combinations(sorted(values), t):
        combined = 1
        for i in subset:
            numerator, denominator = delta, 1
            for j in subset:
                if j != i:
                    numerator *= j
                    denominator *= j - i
            assert numerator % denominator == 0
            combined = combined * pow(values[i], 2 * (numerator // denominator), n2) % n2
        result = (combined - 1) // n * pow(4 * delta * delta, -1, n) % n
        checker.check(f"{name} combine {subset}", result == plaintext)


def proof_challenge(domain, key, holder, v, vi, c, ci, a, b):
    transcript = domain + length_prefixed(key.n) + u32(holder) + length_prefixed(v) + length_prefixed(vi)
    transcript += length_prefixed(c) + length_prefixed(ci) + length_prefixed(a) + length_prefixed(b)
    return int.from_bytes(hashlib.sha256(transcript).digest(), "big")


def combine_shares(key, delta, values, subset):
    """Combines the shares {holder: c_i} of the holders in subset into the raw plaintext."""
    combined = 1
    for i in subset:
        numerator, denominator = delta, 1
        for j in subset:
            if j != i:
                numerator *= j
                denominator *= j - i
        assert numerator % denominator == 0
        combined = combined * pow(values[i], 2 * (numerator // denominator), key.n2) % key.n2
    return (combined - 1) // key.n * pow(4 * delta * delta, -1, key.n) % key.n


def check_threshold_batch(checker, key, vector):
    name = vector["name"]
    n, n2 = key.n, key.n2
    t, w = vector["threshold"], vector["holder_count"]
    delta = math.factorial(w)
    shares = [h(s) for s in vector["key_shares"]]
    v = h(vector["verification_base"])
    keys = [h(x) for x in vector["verification_keys"]]

    # The aggregate: each provider's packed ciphertexts, multiplied column by column.
    layout = Layout(key, vector["value_bits"], vector["maximum_summands"])
    providers = vector["values"]
    encrypted = []
    for provider, values in enumerate(providers):
        chunks = [values[i : i + layout.slots] for i in range(0, len(values), layout.slots)]
        cts = [key.encrypt(layout.pack(chunk), h(r)) for chunk, r in zip(chunks, vector["randomness"][provider])]
        checker.check(f"{name} provider {provider} wire", vector_wire(key, layout, len(values), 1, cts).hex()
                      == vector["vector_wires"][provider])
        encrypted.append(cts)
    ciphertexts = [math.prod(column) % n2 for column in zip(*encrypted)]
    value_count = len(providers[0])
    summands = vector["summand_count"]
    checker.check(name + " sum wire", vector_wire(key, layout, value_count, summands, ciphertexts).hex()
                  == vector["sum_wire"])

    # Every holder's shares, batch weights, combined pair (X, Y), proof and encoding.
    nonce_bits = n2.bit_length() + delta.bit_length() + 512
    values_by_holder = {}
    for record in vector["batch_shares"]:
        holder = record["holder"]
        s = shares[holder - 1]
        values = [pow(c, 2 * delta * s, n2) for c in ciphertexts]
        checker.check(f"{name} holder {holder} values", [format(x, "x") for x in values] == record["values"])
        # Batch weights: D over every ciphertext and share, then the first 16 bytes of SHA-256(D || u32(k)).
        material = b"secagg/v1 paillier batch weights" + length_prefixed(n) + u32(holder) + u32(len(ciphertexts))
        material += b"".join(length_prefixed(x) for x in ciphertexts + values)
        digest = hashlib.sha256(material).digest()
        weights = [int.from_bytes(hashlib.sha256(digest + u32(k + 1)).digest()[:16], "big") for k in range(len(values))]
        big_x = math.prod(pow(c, rho, n2) for c, rho in zip(ciphertexts, weights)) % n2
        big_y = math.prod(pow(ci, rho, n2) for ci, rho in zip(values, weights)) % n2
        r = h(record["nonce"])
        checker.check(f"{name} holder {holder} nonce size", r < 2**nonce_bits)
        x4 = pow(big_x, 4, n2)
        a, b = pow(x4, r, n2), pow(v, r, n2)
        domain = b"secagg/v1 paillier batch decryption proof"
        e = proof_challenge(domain, key, holder, v, keys[holder - 1], big_x, big_y, a, b)
        z = r + e * delta * s
        checker.check(f"{name} holder {holder} challenge", e == h(record["challenge"]))
        checker.check(f"{name} holder {holder} response", z == h(record["response"]))
        a_check = pow(x4, z, n2) * pow(big_y * big_y % n2, -e, n2) % n2
        b_check = pow(v, z, n2) * pow(keys[holder - 1], -e, n2) % n2
        checker.check(f"{name} holder {holder} proof", (a_check, b_check) == (a, b))
        wire = bytes([0x50, 0x09, 0x01]) + key.key_id + u16(holder) + u32(len(values))
        wire += b"".join(fixed_bytes(x, 2 * key.k) for x in values)
        wire += fixed_bytes(e, 32) + u16(len(minimal_bytes(z))) + minimal_bytes(z)
        checker.check(f"{name} holder {holder} wire", wire.hex() == record["wire"])
        values_by_holder[holder] = values

    # Any t holders' shares decrypt every ciphertext, and the slots unpack to the sums.
    for subset in combinations(sorted(values_by_holder), t):
        slots = []
        for index in range(len(ciphertexts)):
            plaintext = combine_shares(key, delta, {i: values_by_holder[i][index] for i in subset}, subset)
            slots += layout.unpack(plaintext, summands, min(layout.slots, value_count - index * layout.slots))
        checker.check(f"{name} combine {subset}", slots == vector["sums"])
    checker.check(name + " plain sums", [str(sum(column)) for column in zip(*providers)] == vector["sums"])


def check_toolkit(checker):
    data = json.loads(TOOLKIT.read_text())
    keys = check_keys(checker, data["keys"])
    for vector in data["vectors"]:
        key = keys[vector["key"]]
        kind = vector["type"]
        if kind in ("encrypt", "encrypt-fast", "rerandomize"):
            check_encryption(checker, key, vector)
        elif kind in ("signed", "signed-decode", "fixed-point"):
            check_encodings(checker, key, vector)
        elif kind in ("add", "add-plaintext", "multiply", "negate"):
            check_homomorphic(checker, key, vector)
        elif kind in ("packed-sum", "packed-unpack"):
            check_packing(checker, key, vector)
        elif kind == "threshold":
            check_threshold(checker, key, vector)
        elif kind == "threshold-batch":
            check_threshold_batch(checker, key, vector)
        elif kind == "ciphertext-check":
            accepted = key.is_valid_ciphertext(h(vector["input"]))
            checker.check(vector["name"], accepted == (vector["expected"] == "accept"))
        else:
            checker.check(vector["name"] + " known type", False)
    return data, keys


# ---------------------------------------------------------------------------------------------------------
# python-paillier


def check_python_paillier(checker, data, keys):
    """Exchanges keys and ciphertexts with python-paillier in both directions. Returns its version or None."""
    try:
        import phe
        from phe import paillier
    except ImportError:
        return None
    records = {record["name"]: record for record in data["keys"]}
    for name in ("published-2048", "threshold-2048"):
        jwk = json.loads(records[name]["public_key_jwk"])
        public = paillier.PaillierPublicKey(phe.util.base64_to_int(jwk["n"]))
        checker.check(f"phe {name} reads the JWK", public.n == keys[name].n)
    key = keys["published-2048"]
    public = paillier.PaillierPublicKey(key.n)
    private = paillier.PaillierPrivateKey(public, key.p, key.q)
    for vector in data["vectors"]:
        if vector["key"] != "published-2048":
            continue
        name = "phe " + vector["name"]
        if vector["type"] == "encrypt":
            m, c = h(vector["plaintext"]), h(vector["ciphertext"])
            checker.check(name + " raw_encrypt", public.raw_encrypt(m, r_value=h(vector["r"])) == c)
            checker.check(name + " raw_decrypt", private.raw_decrypt(c) == m)
        elif vector["type"] == "signed":
            number = paillier.EncryptedNumber(public, h(vector["ciphertext"]), 0)
            checker.check(name + " decrypt", private.decrypt(number) == signed_int(vector["value"]))
        elif vector["type"] == "fixed-point":
            serialised = json.loads(vector["number_json"])
            number = paillier.EncryptedNumber(public, int(serialised["v"]), exponent=serialised["e"])
            expected = signed_int(vector["mantissa"]) * 16.0 ** vector["exponent"]
            checker.check(name + " decrypt", private.decrypt(number) == expected)
    return phe.__version__


def write_python_vectors(keys):
    """Encrypts fresh values with python-paillier, with its own random r, for the Swift suite to decrypt."""
    import phe
    from phe import paillier

    key = keys["published-2048"]
    public = paillier.PaillierPublicKey(key.n)
    integers = [0, 1, -1, 42, -123456789, 2**63 - 1, -(2**63), public.max_int, -public.max_int]
    reals = [(3.25, 16.0**-8), (-0.1, 16.0**-8), (1e-6, 16.0**-12), (2.718281828459045, 16.0**-13)]
    vectors = []
    for value in integers:
        number = public.encrypt(value)
        vectors.append(
            {
                "name": f"phe integer {value}",
                "encrypted_number": json.dumps({"v": str(number.ciphertext()), "e": number.exponent}),
                "integer": str(value),
            }
        )
    for value, precision in reals:
        number = public.encrypt(value, precision=precision)
        # python-paillier rounds value / 16^e to the mantissa, so the expected real is the decoded mantissa.
        mantissa = round(Fraction(value) * Fraction(16) ** (-number.exponent))
        decoded = mantissa * 16.0**number.exponent
        vectors.append(
            {
                "name": f"phe real {value!r} at exponent {number.exponent}",
                "encrypted_number": json.dumps({"v": str(number.ciphertext()), "e": number.exponent}),
                "real": repr(decoded),
            }
        )
    data = {
        "primitive": "paillier",
        "source": f"encrypted with python-paillier (phe {phe.__version__}) by Vectors/tools/check_paillier.py "
        "--write-python-vectors, each with a fresh random r",
        "notes": "Ciphertexts under the toolkit key published-2048 (see toolkit.json) in python-paillier's "
        "EncryptedNumber JSON. The Swift conformance suite decrypts each one and compares it with integer "
        "(exponent 0) or real (the decoded mantissa * 16^e).",
        "key": "published-2048",
        "public_key_jwk": json.dumps(
            {"kty": "DAJ", "alg": "PAI-GN1", "key_ops": ["encrypt"], "n": phe.util.int_to_base64(public.n),
             "kid": "python-paillier copy of toolkit key published-2048"}
        ),
        "vectors": vectors,
    }
    PYTHON_FILE.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {PYTHON_FILE.relative_to(VECTORS.parent)} with {len(vectors)} ciphertexts")


def record_result(summary):
    """Replaces the cross_check value in toolkit.json in place, so the rest of the file stays byte-identical."""
    lines = TOOLKIT.read_text().split("\n")
    for index, line in enumerate(lines):
        if line.startswith('  "cross_check" : '):
            lines[index] = '  "cross_check" : ' + json.dumps(summary) + ","
            break
    else:
        raise SystemExit("toolkit.json has no cross_check line")
    TOOLKIT.write_text("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--record", action="store_true", help="write the result into toolkit.json")
    parser.add_argument(
        "--write-python-vectors", action="store_true", help="write python_paillier.json with python-paillier"
    )
    arguments = parser.parse_args()

    checker = Checker()
    check_published(checker)
    data, keys = check_toolkit(checker)
    if arguments.write_python_vectors:
        write_python_vectors(keys)
    version = check_python_paillier(checker, data, keys)
    interop = f"python-paillier {version} interop checked" if version else "python-paillier not installed, interop skipped"
    print(f"{checker.passed} passed, {len(checker.failed)} failed ({interop})")
    for name in checker.failed:
        print(f"FAIL {name}")
    if arguments.record:
        status = "passed" if not checker.failed else f"FAILED ({len(checker.failed)} checks)"
        date = datetime.date.today().isoformat()
        record_result(
            f"{status}: {checker.passed} checks by Vectors/tools/check_paillier.py with plain Python "
            f"{platform.python_version()} integers on {date}; {interop}"
        )
    return 0 if not checker.failed else 1


if __name__ == "__main__":
    sys.exit(main())
