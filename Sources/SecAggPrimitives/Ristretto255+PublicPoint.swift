extension Ristretto255 {
    /// A ristretto255 element held as a point of edwards25519 in extended twisted Edwards coordinates, for
    /// variable-time arithmetic on public values.
    ///
    /// The coordinates `(X : Y : Z : T)` stand for the affine point `(X/Z, Y/Z)` with `X·Y = Z·T` on the curve
    /// `−x² + y² = 1 + d·x²·y²`. A ristretto255 element has several representatives that differ by a point of order
    /// 2 or 4; ``==`` and ``encoded()`` treat them alike (RFC 9496 sections 4.3.2 and 4.3.3). Decoding and encoding
    /// follow RFC 9496 sections 4.3.1 and 4.3.2. Addition and doubling use the extended-coordinate formulas for
    /// a = −1 of Hisil, Wong, Carter and Dawson ("Twisted Edwards Curves Revisited", Asiacrypt 2008): 8
    /// multiplications per addition with `2d·T` precomputed, and 4 multiplications and 4 squarings per doubling.
    /// Their denominators are multiples of `1 ± d·x1·x2·y1·y2` or of `y² ± x²` terms that cannot vanish on the
    /// curve, because a = −1 is a square modulo p and d is not (the tests check both), so no input is exceptional.
    ///
    /// - Warning: Variable-time. Decoding, encoding, comparison and every multiplication branch on the coordinates
    ///   and on the scalars. Use it only for public values: commitments, public keys, share indices, and random
    ///   weights that the verifier draws and reveals nothing by. Never pass a secret scalar or a point whose
    ///   discrete logarithm relation to public points is secret. Use ``Point`` and libsodium for those.
    package struct PublicPoint: Sendable, Equatable, CustomStringConvertible {
        var x: FieldElement
        var y: FieldElement
        var z: FieldElement
        var t: FieldElement

        init(x: FieldElement, y: FieldElement, z: FieldElement, t: FieldElement) {
            self.x = x
            self.y = y
            self.z = z
            self.t = t
        }

        /// The identity element, `(0 : 1 : 1 : 0)`.
        package static var identity: PublicPoint { PublicPoint(x: .zero, y: .one, z: .one, t: .zero) }

        /// The generator B of RFC 9496.
        package static let generator = PublicPoint(Point.generator)

        /// Decodes and validates an encoding as RFC 9496 section 4.3.1 specifies.
        ///
        /// On encodings with bit 255 clear this accepts exactly what libsodium's
        /// `crypto_core_ristretto255_is_valid_point` accepts. It rejects every encoding with bit 255 set, as the
        /// RFC requires, where libsodium 1.0.18 ignores that bit (see ``init(_:)``).
        /// - Throws: ``PrimitiveError/invalidLength(role:expected:actual:)`` for an encoding that is not 32 bytes
        ///   and ``PrimitiveError/invalidPointEncoding`` for a non-canonical or negative field element, or one
        ///   that is not the encoding of a group element.
        /// - Warning: Variable-time in the encoding, which must be public.
        package init(decoding encoding: some ContiguousByteStorage) throws {
            guard encoding.count == Ristretto255.byteCount else {
                throw PrimitiveError.invalidLength(
                    role: "ristretto255 element", expected: Ristretto255.byteCount, actual: encoding.count)
            }
            guard let s = FieldElement(canonicalBytes: encoding), !s.isNegative else {
                throw PrimitiveError.invalidPointEncoding
            }
            let sSquared = s.squared()
            let u1 = FieldElement.one - sSquared
            let u2 = FieldElement.one + sSquared
            let u2Squared = u2.squared()
            let v = -(FieldElement.d * u1.squared()) - u2Squared
            let (wasSquare, inverseRoot) = FieldElement.sqrtRatioM1(.one, v * u2Squared)
            let denominatorX = inverseRoot * u2
            let denominatorY = inverseRoot * denominatorX * v
            let x = ((s + s) * denominatorX).absolute
            let y = u1 * denominatorY
            let t = x * y
            guard wasSquare, !t.isNegative, !y.isZero else { throw PrimitiveError.invalidPointEncoding }
            self.init(x: x, y: y, z: .one, t: t)
        }

        /// Decodes an element that libsodium has accepted, as libsodium reads it.
        ///
        /// Every ``Point`` holds an encoding that libsodium accepts: its initializers validate input with
        /// `crypto_core_ristretto255_is_valid_point` or take libsodium's output. libsodium 1.0.18 ignores bit 255
        /// both when it validates and when it computes, so a received ``Point`` can carry that bit, and this
        /// initializer clears it to obtain the element libsodium's arithmetic would use.
        /// - Warning: Variable-time in the element, which must be public.
        package init(_ point: Point) {
            var encoding = point.encoding
            encoding[Ristretto255.byteCount - 1] &= 0x7f
            guard let decoded = try? PublicPoint(decoding: encoding) else {
                preconditionFailure("\(point) holds an encoding that libsodium rejects, which its initializers exclude")
            }
            self = decoded
        }

        /// Encodes the element canonically, as RFC 9496 section 4.3.2 specifies.
        ///
        /// - Warning: Variable-time in the element, which must be public.
        package func encoded() -> Point {
            let u1 = (z + y) * (z - y)
            let u2 = x * y
            // u1 · u2² is a nonzero square for every valid representative, so the flag is always true.
            let (_, inverseRoot) = FieldElement.sqrtRatioM1(.one, u1 * u2.squared())
            let denominator1 = inverseRoot * u1
            let denominator2 = inverseRoot * u2
            let zInverse = denominator1 * denominator2 * t
            let rotate = (t * zInverse).isNegative
            let rotatedX = rotate ? y * FieldElement.sqrtM1 : x
            var rotatedY = rotate ? x * FieldElement.sqrtM1 : y
            let denominatorInverse = rotate ? denominator1 * FieldElement.inverseSqrtAMinusD : denominator2
            if (rotatedX * zInverse).isNegative { rotatedY = -rotatedY }
            let s = (denominatorInverse * (z - rotatedY)).absolute
            return Point(unchecked: s.canonicalBytes)
        }

        /// Returns whether two points represent the same ristretto255 element (RFC 9496 section 4.3.3):
        /// `X1·Y2 = Y1·X2` or `X1·X2 = Y1·Y2`, which holds for every pair of representatives of one element.
        ///
        /// - Warning: Variable-time in both points, which must be public.
        package static func == (lhs: PublicPoint, rhs: PublicPoint) -> Bool {
            lhs.x * rhs.y == lhs.y * rhs.x || lhs.x * rhs.x == lhs.y * rhs.y
        }

        /// Returns `lhs + rhs`.
        ///
        /// - Warning: Variable-time, so both points must be public.
        package static func + (lhs: PublicPoint, rhs: PublicPoint) -> PublicPoint {
            (lhs + rhs.cached).extended
        }

        /// Returns `lhs − rhs`.
        ///
        /// - Warning: Variable-time, so both points must be public.
        package static func - (lhs: PublicPoint, rhs: PublicPoint) -> PublicPoint {
            (lhs + rhs.cached.negated).extended
        }

        /// Returns `−point`.
        package static prefix func - (point: PublicPoint) -> PublicPoint {
            PublicPoint(x: -point.x, y: point.y, z: point.z, t: -point.t)
        }

        /// Returns `2 · self`.
        ///
        /// - Warning: Variable-time, so the point must be public.
        package func doubled() -> PublicPoint {
            projective.doubled().extended
        }

        /// The encoding in hexadecimal. Points of this type are public.
        package var description: String { "Ristretto255.PublicPoint(\(Hex.encode(encoded().encoding)))" }
    }
}

// Internal coordinate systems for the addition and doubling formulas. A doubling needs only (X : Y : Z), and both
// formulas end in four products E·F, G·H, F·G, E·H, so a chain of operations skips the products it does not use.
extension Ristretto255.PublicPoint {
    /// A point prepared as an addend: `(Y + X, Y − X, 2Z, 2d·T)`.
    struct Cached {
        var yPlusX: Ristretto255.FieldElement
        var yMinusX: Ristretto255.FieldElement
        var doubledZ: Ristretto255.FieldElement
        var doubledDT: Ristretto255.FieldElement

        /// The addend for `−P`, which swaps `Y + X` with `Y − X` and negates `T`.
        var negated: Cached {
            Cached(yPlusX: yMinusX, yMinusX: yPlusX, doubledZ: doubledZ, doubledDT: -doubledDT)
        }
    }

    /// Projective coordinates `(X : Y : Z)`, the input of a doubling.
    struct Projective {
        var x: Ristretto255.FieldElement
        var y: Ristretto255.FieldElement
        var z: Ristretto255.FieldElement

        /// Doubles the point: with `A = X²`, `B = Y²`, `C = 2Z²`, `E = (X + Y)² − A − B = 2XY`, `G = B − A`,
        /// `F = G − C` and `H = −A − B`, the double is `(E·F : G·H : F·G : E·H)`.
        func doubled() -> Completed {
            let a = x.squared()
            let b = y.squared()
            let zSquared = z.squared()
            let c = zSquared + zSquared
            let e = (x + y).squared() - a - b
            let g = b - a
            return Completed(e: e, f: g - c, g: g, h: -(a + b))
        }
    }

    /// The four factors `(E, F, G, H)` of a result, which stands for `(E·F : G·H : F·G : E·H)`.
    struct Completed {
        var e: Ristretto255.FieldElement
        var f: Ristretto255.FieldElement
        var g: Ristretto255.FieldElement
        var h: Ristretto255.FieldElement

        /// The identity, `(0 : 1 : 1 : 0)`.
        static var identity: Completed { Completed(e: .zero, f: .one, g: .one, h: .one) }

        var extended: Ristretto255.PublicPoint {
            Ristretto255.PublicPoint(x: e * f, y: g * h, z: f * g, t: e * h)
        }

        var projective: Projective {
            Projective(x: e * f, y: g * h, z: f * g)
        }
    }

    var cached: Cached {
        Cached(yPlusX: y + x, yMinusX: y - x, doubledZ: z + z, doubledDT: t * Ristretto255.FieldElement.twoD)
    }

    var projective: Projective { Projective(x: x, y: y, z: z) }

    /// Adds a prepared point: with `A = (Y1 − X1)(Y2 − X2)`, `B = (Y1 + X1)(Y2 + X2)`, `C = 2d·T1·T2` and
    /// `D = 2·Z1·Z2`, the sum is `(E, F, G, H) = (B − A, D − C, D + C, B + A)`.
    static func + (lhs: Ristretto255.PublicPoint, rhs: Cached) -> Completed {
        let a = (lhs.y - lhs.x) * rhs.yMinusX
        let b = (lhs.y + lhs.x) * rhs.yPlusX
        let c = lhs.t * rhs.doubledDT
        let d = lhs.z * rhs.doubledZ
        return Completed(e: b - a, f: d - c, g: d + c, h: b + a)
    }
}
