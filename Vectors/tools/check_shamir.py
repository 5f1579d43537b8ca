#!/usr/bin/env python3
"""Recompute every value of Vectors/shamir.json from its inputs, independently of the Swift code.

Arithmetic modulo the group order l uses Python integers. Ed25519 signing and every group addition and scalar
multiplication run in libsodium through PyNaCl (pip install pynacl). PyNaCl does not bind libsodium's
crypto_core_ristretto255_* functions, so this script converts between ristretto255 encodings and Edwards points
itself (RFC 9496 sections 4.3.1 and 4.3.2, with Python integers modulo p = 2^255 - 19) and checks that
conversion against the RFC 9496 vectors in Vectors/primitives/ristretto255.json before it uses it.

Error correction uses Berlekamp-Welch (a linear system solved by Gaussian elimination), a different algorithm
from the Swift code's Gao decoder.

This is a cross-check for the vector file, never a runtime dependency. Usage:
    python3 Vectors/tools/check_shamir.py [path/to/Vectors]
Exit status 0 when every check passes, 1 otherwise.
"""

import hashlib
import hmac
import json
import sys
from itertools import combinations
from pathlib import Path

import nacl
import nacl.bindings as sodium

L = 2**252 + 27742317777372353535851937790883648493
P = 2**255 - 19
D = (-121665 * pow(121666, -1, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
INVSQRT_A_MINUS_D = 54469307008909316920995813868745141605393597292927456921205312896311721017578
LABEL_PREFIX = "secagg/v1 shamir vector "
DOMAIN = b"secagg/v1/shamir/feldman-commitments"
MAX_SHARE_COUNT = 65535


class Failure(Exception):
    """A value of the vector file differs from the recomputed one."""


checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise Failure(what)
    checks += 1


# ---- ristretto255 encoding and decoding (RFC 9496) ----

def is_negative(value):
    return value % P % 2 == 1


def absolute(value):
    value %= P
    return P - value if is_negative(value) else value


def sqrt_ratio_m1(u, v):
    r = (u * pow(v, 3, P)) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    check_value = v * r * r % P
    correct = check_value == u % P
    flipped = check_value == (-u) % P
    flipped_i = check_value == (-u * SQRT_M1) % P
    if flipped or flipped_i:
        r = r * SQRT_M1 % P
    return correct or flipped, absolute(r)


def ristretto_decode(encoding):
    """Returns affine Edwards coordinates (x, y) of a representative, or None for an invalid encoding."""
    if len(encoding) != 32:
        return None
    s = int.from_bytes(encoding, "little")
    if s >= P or is_negative(s):
        return None
    ss = s * s % P
    u1 = (1 - ss) % P
    u2 = (1 + ss) % P
    u2_squared = u2 * u2 % P
    v = (-(D * u1 * u1) - u2_squared) % P
    was_square, inverse_sqrt = sqrt_ratio_m1(1, v * u2_squared % P)
    den_x = inverse_sqrt * u2 % P
    den_y = inverse_sqrt * den_x * v % P
    x = absolute(2 * s * den_x)
    y = u1 * den_y % P
    t = x * y % P
    if not was_square or is_negative(t) or y == 0:
        return None
    return x, y


def ristretto_encode(x0, y0):
    """Encodes the element whose representative has affine coordinates (x0, y0), with Z = 1 and T = x0 * y0."""
    z0, t0 = 1, x0 * y0 % P
    u1 = (z0 + y0) * (z0 - y0) % P
    u2 = x0 * y0 % P
    _, inverse_sqrt = sqrt_ratio_m1(1, u1 * u2 * u2 % P)
    den1 = inverse_sqrt * u1 % P
    den2 = inverse_sqrt * u2 % P
    z_inverse = den1 * den2 * t0 % P
    rotate = is_negative(t0 * z_inverse)
    if rotate:
        x, y, den_inverse = y0 * SQRT_M1 % P, x0 * SQRT_M1 % P, den1 * INVSQRT_A_MINUS_D % P
    else:
        x, y, den_inverse = x0, y0, den2
    if is_negative(x * z_inverse):
        y = (-y) % P
    return absolute(den_inverse * (z0 - y)).to_bytes(32, "little")


def edwards_encode(x, y):
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def edwards_decode(encoding):
    value = int.from_bytes(encoding, "little")
    y = value & ((1 << 255) - 1)
    sign = value >> 255
    _, x = sqrt_ratio_m1((y * y - 1) % P, (D * y * y + 1) % P)
    if x & 1 != sign:
        x = (-x) % P
    return x, y


IDENTITY = bytes(32)
EDWARDS_IDENTITY = (1).to_bytes(32, "little")


def coset(x, y):
    """Returns the four representatives of an element: (x, y) plus each 4-torsion point (0, 1), (0, -1),
    (i, 0) and (-i, 0), where adding (i, 0) maps (x, y) to (i*y, i*x)."""
    return [(x, y), ((P - x) % P, (P - y) % P), (SQRT_M1 * y % P, SQRT_M1 * x % P),
            ((P - SQRT_M1 * y) % P, (P - SQRT_M1 * x) % P)]


def to_libsodium(encoding):
    """Returns the Edwards encoding of the prime-order representative of a ristretto255 element."""
    if encoding == IDENTITY:
        return EDWARDS_IDENTITY
    point = ristretto_decode(encoding)
    if point is None:
        raise Failure("invalid ristretto255 encoding " + encoding.hex())
    valid = [edwards_encode(*c) for c in coset(*point) if sodium.crypto_core_ed25519_is_valid_point(edwards_encode(*c))]
    if len(valid) != 1:
        raise Failure("no unique prime-order representative for " + encoding.hex())
    return valid[0]


def from_libsodium(edwards):
    if edwards == EDWARDS_IDENTITY:
        return IDENTITY
    return ristretto_encode(*edwards_decode(edwards))


def scalar_bytes(value):
    return (value % L).to_bytes(32, "little")


def base_multiple(scalar):
    if scalar % L == 0:
        return IDENTITY
    return from_libsodium(sodium.crypto_scalarmult_ed25519_base_noclamp(scalar_bytes(scalar)))


def point_sum_of_multiples(scalars, points):
    """Computes sum_j scalars[j] * points[j] with libsodium."""
    total = EDWARDS_IDENTITY
    for scalar, point in zip(scalars, points):
        if scalar % L == 0 or point == IDENTITY:
            continue
        term = sodium.crypto_scalarmult_ed25519_noclamp(scalar_bytes(scalar), to_libsodium(point))
        total = sodium.crypto_core_ed25519_add(total, term)
    return from_libsodium(total)


def self_test_ristretto(vectors_dir):
    data = json.loads((vectors_dir / "primitives" / "ristretto255.json").read_text())
    for vector in data["vectors"]:
        encoding = bytes.fromhex(vector["encoding"])
        if vector["type"] == "generator_multiple":
            check(base_multiple(vector["multiple"]) == encoding, "ristretto255 encode " + vector["name"])
            if vector["multiple"] > 0:
                edwards = sodium.crypto_scalarmult_ed25519_base_noclamp(scalar_bytes(vector["multiple"]))
                check(to_libsodium(encoding) == edwards, "ristretto255 decode " + vector["name"])
            if vector["multiple"] > 0:
                # Every representative of the coset must encode the same way; the torsion ones take the
                # rotated branch of the encoding.
                x, y = ristretto_decode(encoding)
                for rx, ry in coset(x, y):
                    check(ristretto_encode(rx, ry) == encoding, "ristretto255 coset encode " + vector["name"])
        elif vector["type"] == "invalid_encoding":
            check(ristretto_decode(encoding) is None, "ristretto255 reject " + vector["name"])


# ---- field arithmetic modulo l ----

def le_int(hex_text):
    return int.from_bytes(bytes.fromhex(hex_text), "little")


def hex_scalar(value):
    return scalar_bytes(value).hex()


def sha512_scalar(label):
    return int.from_bytes(hashlib.sha512(label.encode()).digest(), "little") % L


def evaluate(coefficients, x):
    return sum(c * pow(x, j, L) for j, c in enumerate(coefficients)) % L


def lagrange_at_zero(holders):
    result = []
    for i, xi in enumerate(holders):
        numerator, denominator = 1, 1
        for m, xm in enumerate(holders):
            if m != i:
                numerator = numerator * xm % L
                denominator = denominator * (xm - xi) % L
        result.append(numerator * pow(denominator, -1, L) % L)
    return result


def interpolate_at(points, z):
    total = 0
    for i, (xi, yi) in enumerate(points):
        term = yi
        for m, (xm, _) in enumerate(points):
            if m != i:
                term = term * (z - xm) * pow(xi - xm, -1, L) % L
        total += term
    return total % L


# ---- the toolkit's encodings and checks, written from Specs/shamir.md ----

class ShamirError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def decode_share(encoding):
    if len(encoding) != 68:
        raise ShamirError("invalid_encoding_length")
    x = int.from_bytes(encoding[32:36], "big")
    if x == 0 or x > MAX_SHARE_COUNT:
        raise ShamirError("share_index_out_of_range")
    value = int.from_bytes(encoding[36:], "little")
    if value >= L:
        raise ShamirError("non_canonical_share_value")
    return encoding[:32], x, value


def encode_share(split_id, x, value):
    return split_id + x.to_bytes(4, "big") + scalar_bytes(value)


def decode_commitments(encoding):
    if len(encoding) < 36:
        raise ShamirError("invalid_encoding_length")
    threshold = int.from_bytes(encoding[32:36], "big")
    if threshold < 1:
        raise ShamirError("threshold_too_small")
    if threshold > MAX_SHARE_COUNT:
        raise ShamirError("threshold_too_large")
    if len(encoding) != 36 + 32 * threshold:
        raise ShamirError("invalid_encoding_length")
    points = [encoding[36 + 32 * j: 68 + 32 * j] for j in range(threshold)]
    for point in points:
        if point != IDENTITY and ristretto_decode(point) is None:
            raise ShamirError("invalid_commitment_point")
    return encoding[:32], points


def share_is_valid(points, x, value):
    return base_multiple(value) == point_sum_of_multiples([pow(x, j, L) for j in range(len(points))], points)


def check_share_set(shares, threshold):
    if threshold < 1:
        raise ShamirError("threshold_too_small")
    split_ids = {split_id for split_id, _, _ in shares}
    if len(split_ids) > 1:
        raise ShamirError("split_id_mismatch")
    xs = [x for _, x, _ in shares]
    if len(set(xs)) != len(xs):
        raise ShamirError("duplicate_share_index")
    if len(shares) < threshold:
        raise ShamirError("insufficient_shares")


def reconstruct(shares, threshold):
    check_share_set(shares, threshold)
    points = [(x, value) for _, x, value in shares]
    base = points[:threshold]
    for x, value in points[threshold:]:
        if interpolate_at(base, x) != value:
            raise ShamirError("inconsistent_shares")
    return interpolate_at(base, 0)


def solve_mod_l(matrix, rhs):
    """Returns one solution of matrix * v = rhs modulo l, or None when there is none."""
    rows, columns = len(matrix), len(matrix[0])
    augmented = [row[:] + [value] for row, value in zip(matrix, rhs)]
    pivots = []
    row = 0
    for column in range(columns):
        pivot = next((r for r in range(row, rows) if augmented[r][column] % L), None)
        if pivot is None:
            continue
        augmented[row], augmented[pivot] = augmented[pivot], augmented[row]
        inverse = pow(augmented[row][column], -1, L)
        augmented[row] = [value * inverse % L for value in augmented[row]]
        for r in range(rows):
            if r != row and augmented[r][column]:
                factor = augmented[r][column]
                augmented[r] = [(a - factor * b) % L for a, b in zip(augmented[r], augmented[row])]
        pivots.append(column)
        row += 1
    if any(all(v == 0 for v in augmented[r][:columns]) and augmented[r][columns] for r in range(rows)):
        return None
    solution = [0] * columns
    for r, column in enumerate(pivots):
        solution[column] = augmented[r][columns]
    return solution


def polynomial_divide(numerator, denominator):
    numerator = numerator[:]
    while denominator and denominator[-1] == 0:
        denominator = denominator[:-1]
    quotient = [0] * max(1, len(numerator) - len(denominator) + 1)
    inverse = pow(denominator[-1], -1, L)
    for shift in range(len(numerator) - len(denominator), -1, -1):
        factor = numerator[shift + len(denominator) - 1] * inverse % L
        quotient[shift] = factor
        for j, coefficient in enumerate(denominator):
            numerator[shift + j] = (numerator[shift + j] - factor * coefficient) % L
    return quotient, numerator[: len(denominator) - 1]


def berlekamp_welch(shares, threshold):
    """Returns (secret, wrong holders) or raises too_many_errors."""
    check_share_set(shares, threshold)
    points = [(x, value) for _, x, value in shares]
    errors = (len(points) - threshold) // 2
    # Unknowns: Q_0 .. Q_{t+e-1}, then E_0 .. E_{e-1}; E is monic of degree e.
    # Equation for each point: Q(x) - y * (E_0 + ... + E_{e-1} x^{e-1}) = y * x^e.
    matrix, rhs = [], []
    for x, y in points:
        matrix.append([pow(x, j, L) for j in range(threshold + errors)] + [(-y * pow(x, j, L)) % L for j in range(errors)])
        rhs.append(y * pow(x, errors, L) % L)
    solution = solve_mod_l(matrix, rhs)
    if solution is None:
        raise ShamirError("too_many_errors")
    q = solution[: threshold + errors]
    e = solution[threshold + errors:] + [1]
    message, remainder = polynomial_divide(q, e)
    if any(remainder) or any(message[threshold:]):
        raise ShamirError("too_many_errors")
    wrong = sorted(x for x, y in points if evaluate(message, x) != y)
    if len(wrong) > errors:
        raise ShamirError("too_many_errors")
    return message[0] if message else 0, wrong


def hkdf_sha256(ikm, salt, info, length):
    prk = hmac.new(salt if salt else bytes(32), ikm, hashlib.sha256).digest()
    output, block, counter = b"", b"", 1
    while len(output) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        output += block
        counter += 1
    return output[:length]


def key_derivation_info(label, context):
    info = b"secagg/v1"
    for field in [label.encode()] + context:
        info += len(field).to_bytes(4, "big") + field
    return info


# ---- vector checks ----

def check_dealing(vector):
    name, threshold, count = vector["name"], vector["threshold"], vector["share_count"]
    coefficients = [sha512_scalar(f"{LABEL_PREFIX}{name} coefficient {j}") for j in range(threshold)]
    check([hex_scalar(c) for c in coefficients] == vector["coefficients"], name + " coefficients")
    split_id = hashlib.sha256(f"{LABEL_PREFIX}{name} split id".encode()).digest()
    check(split_id.hex() == vector["split_id"], name + " split id")
    seed = hashlib.sha256(f"{LABEL_PREFIX}{name} dealer seed".encode()).digest()
    check(seed.hex() == vector["dealer_seed"], name + " dealer seed")

    commitments = [base_multiple(c) for c in coefficients]
    check([c.hex() for c in commitments] == vector["commitments"], name + " commitments")
    encoding = split_id + threshold.to_bytes(4, "big") + b"".join(commitments)
    check(encoding.hex() == vector["commitments_encoding"], name + " commitments encoding")
    check(decode_commitments(encoding) == (split_id, commitments), name + " commitments decode")

    public_key, secret_key = sodium.crypto_sign_seed_keypair(seed)
    check(public_key.hex() == vector["dealer_public_key"], name + " dealer public key")
    message = DOMAIN + encoding
    check(message.hex() == vector["signed_message"], name + " signed message")
    signature = sodium.crypto_sign(message, secret_key)[:64]
    check(signature.hex() == vector["signature"], name + " signature")
    check(sodium.crypto_sign_open(signature + message, public_key) == message, name + " signature verifies")
    check((signature + encoding).hex() == vector["signed_commitments_encoding"], name + " signed commitments")

    check(len(vector["shares"]) == count, name + " share count")
    values = {}
    for x, entry in zip(range(1, count + 1), vector["shares"]):
        value = evaluate(coefficients, x)
        values[x] = value
        check(entry["x"] == x and entry["value"] == hex_scalar(value), f"{name} share {x}")
        check(entry["encoding"] == encode_share(split_id, x, value).hex(), f"{name} share {x} encoding")
        check(share_is_valid(commitments, x, value), f"{name} share {x} verifies")

    subsets_seen = set()
    for entry in vector["reconstructions"]:
        holders = entry["holders"]
        subsets_seen.add(tuple(holders))
        check([hex_scalar(v) for v in lagrange_at_zero(holders)] == entry["lagrange"], f"{name} lagrange {holders}")
        secret = sum(lam * values[x] for lam, x in zip(lagrange_at_zero(holders), holders)) % L
        check(hex_scalar(secret) == entry["secret"] == hex_scalar(coefficients[0]), f"{name} secret {holders}")
        shares = [(split_id, x, values[x]) for x in holders]
        check(reconstruct(shares, threshold) == coefficients[0], f"{name} reconstruct {holders}")
    if count <= 5:
        expected = {c for k in range(threshold, count + 1) for c in combinations(range(1, count + 1), k)}
        check(subsets_seen == expected, name + " lists every subset of at least t holders")
        for k in range(0, threshold):
            for subset in combinations(range(1, count + 1), k):
                try:
                    reconstruct([(split_id, x, values[x]) for x in subset], threshold)
                    raise Failure(f"{name} accepted {subset}")
                except ShamirError as error:
                    check(error.code == "insufficient_shares", f"{name} rejects {subset}")
    return split_id, commitments, public_key, coefficients


def expect_error(vector, body):
    try:
        body()
    except ShamirError as error:
        check(error.code == vector["error"], f"{vector['name']}: expected {vector['error']}, got {error.code}")
        return
    raise Failure(vector["name"] + " was accepted")


def decoded_inputs(vector):
    return [decode_share(bytes.fromhex(e)) for e in vector["input_shares"]]


def check_wrong_values(vector, dealing_shares, label_name):
    """Checks that every input share either is the dealt share or carries the labelled wrong value."""
    for split_id, x, value in decoded_inputs(vector):
        if split_id == dealing_shares["split_id"] and dealing_shares["values"].get(x) == value:
            continue
        if split_id != dealing_shares["split_id"]:
            continue
        check(value == sha512_scalar(f"{LABEL_PREFIX}{label_name} wrong value {x}"), f"{vector['name']} wrong value {x}")


def main():
    vectors_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    self_test_ristretto(vectors_dir)
    data = json.loads((vectors_dir / "shamir.json").read_text())
    dealings = {}
    for vector in data["vectors"]:
        if vector["type"] == "dealing":
            split_id, commitments, public_key, coefficients = check_dealing(vector)
            values = {x: evaluate(coefficients, x) for x in range(1, vector["share_count"] + 1)}
            dealings[vector["name"]] = dict(
                split_id=split_id, commitments=commitments, public_key=public_key, coefficients=coefficients,
                threshold=vector["threshold"], values=values)

    for vector in data["vectors"]:
        name, kind = vector["name"], vector["type"]
        dealing = dealings.get(vector.get("dealing"))
        if kind == "dealing":
            continue
        if kind == "derive_key":
            check(vector["secret"] == hex_scalar(dealing["coefficients"][0]), name + " secret")
            info = key_derivation_info(vector["label"], [bytes.fromhex(c) for c in vector["context"]])
            key = hkdf_sha256(bytes.fromhex(vector["secret"]), bytes.fromhex(vector["salt"]), info, 32)
            check(key.hex() == vector["key"], name + " key")
        elif kind == "batch_verify":
            shares = decoded_inputs(vector)
            check_wrong_values(vector, dealing, name)
            weights = [sha512_scalar(f"{LABEL_PREFIX}{name} weight {i}") for i in range(len(shares))]
            check([hex_scalar(w) for w in weights] == vector["weights"], name + " weights")
            combined = sum(w * v for w, (_, _, v) in zip(weights, shares)) % L
            check(hex_scalar(combined) == vector["combined_value"], name + " combined value")
            scalars = [sum(w * pow(x, j, L) for w, (_, x, _) in zip(weights, shares)) % L
                       for j in range(dealing["threshold"])]
            check([hex_scalar(s) for s in scalars] == vector["combined_scalars"], name + " combined scalars")
            left = base_multiple(combined)
            right = point_sum_of_multiples(scalars, dealing["commitments"])
            check(left.hex() == vector["left"] and right.hex() == vector["right"], name + " sides")
            check((left == right) == vector["valid"], name + " validity")
            every_share_valid = all(share_is_valid(dealing["commitments"], x, v) for _, x, v in shares)
            check(every_share_valid == vector["valid"], name + " validity matches single checks")
        elif kind == "reject":
            operation = vector["operation"]
            if operation == "reconstruct":
                if dealing is not None:
                    check_wrong_values(vector, dealing, "reject-inconsistent")
                expect_error(vector, lambda: reconstruct(decoded_inputs(vector), vector["threshold"]))
            elif operation == "decode_share":
                expect_error(vector, lambda: decode_share(bytes.fromhex(vector["encoding"])))
            elif operation == "decode_commitments":
                expect_error(vector, lambda: decode_commitments(bytes.fromhex(vector["encoding"])))
            elif operation == "split":
                def split():
                    t, n = vector["threshold"], vector["share_count"]
                    if t < 1:
                        raise ShamirError("threshold_too_small")
                    if n < 1 or n > MAX_SHARE_COUNT:
                        raise ShamirError("share_count_out_of_range")
                    if t > n:
                        raise ShamirError("threshold_exceeds_share_count")
                expect_error(vector, split)
            elif operation == "verify_share":
                check_wrong_values(vector, dealing, "reject-verify")

                def verify():
                    for _, x, value in decoded_inputs(vector):
                        if not share_is_valid(dealing["commitments"], x, value):
                            raise ShamirError("share_verification_failed")
                expect_error(vector, verify)
            else:
                raise Failure(name + " unknown operation " + operation)
        elif kind in ("verified_reconstruction", "error_correction"):
            shares = decoded_inputs(vector)
            check_wrong_values(vector, dealing, name)
            threshold = vector["threshold"]
            if kind == "verified_reconstruction":
                rejected = sorted(x for _, x, v in shares if not share_is_valid(dealing["commitments"], x, v))
                valid = [s for s in shares if s[1] not in rejected]
                secret = reconstruct(valid[:threshold], threshold)
                check(hex_scalar(secret) == vector["secret"], name + " secret")
                check(rejected == vector["rejected_holders"], name + " rejected holders")
            elif "error" in vector:
                expect_error(vector, lambda: berlekamp_welch(shares, threshold))
            else:
                secret, wrong = berlekamp_welch(shares, threshold)
                check(hex_scalar(secret) == vector["secret"] == hex_scalar(dealing["coefficients"][0]), name + " secret")
                check(wrong == vector["rejected_holders"], name + " wrong holders")
        elif kind == "complaint":
            encoding = bytes.fromhex(vector["encoding"])
            public_key, share, signature, commitments = encoding[:32], encoding[32:100], encoding[100:164], encoding[164:]
            check(public_key == dealing["public_key"], name + " dealer key")

            def verify_complaint():
                split_id, x, value = decode_share(share)
                commitments_split, points = decode_commitments(commitments)
                try:
                    sodium.crypto_sign_open(signature + DOMAIN + commitments, public_key)
                except Exception:
                    raise ShamirError("invalid_commitment_signature")
                if split_id != commitments_split:
                    raise ShamirError("split_id_mismatch")
                if share_is_valid(points, x, value):
                    raise ShamirError("complaint_share_is_valid")
            if vector["valid"]:
                verify_complaint()
                check(True, name)
            else:
                expect_error(vector, verify_complaint)
        else:
            raise Failure(name + " unknown type " + kind)
    print(f"check_shamir: {checks} checks passed on {len(data['vectors'])} vectors "
          f"(PyNaCl {nacl.__version__}, libsodium for Ed25519 and group operations)")


if __name__ == "__main__":
    try:
        main()
    except Failure as failure:
        print("check_shamir: FAILED: " + str(failure))
        sys.exit(1)
