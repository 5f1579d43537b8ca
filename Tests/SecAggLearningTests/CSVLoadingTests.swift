import Foundation
import SecAggLearning
import SecAggPrimitives
import Testing

@Suite("CSV loading")
struct CSVLoadingTests {
    @Test("breast cancer file shape")
    func breastCancerShape() throws {
        let data = try Fixtures.breastCancer()
        #expect(data.sampleCount == 569)
        #expect(data.featureCount == 30)
        #expect(data.classCount == 2)
        #expect(data.classNames == ["0", "1"])
        #expect(data.classCounts() == [212, 357])
        #expect(data.featureNames.first == "mean radius")
        #expect(data.features[0] == 17.99)
    }

    @Test("digits file shape")
    func digitsShape() throws {
        let data = try Fixtures.digits()
        #expect(data.sampleCount == 1797)
        #expect(data.featureCount == 64)
        #expect(data.classCount == 10)
        #expect(data.classNames == (0..<10).map(String.init))
        #expect(data.classCounts().reduce(0, +) == 1797)
    }

    @Test("label column chosen by name")
    func labelColumnByName() throws {
        let data = try Fixtures.parse("a,kind,b\n1,dog,2\n3,cat,4\n5,dog,6\n", labelColumn: "kind")
        #expect(data.featureNames == ["a", "b"])
        #expect(data.classNames == ["cat", "dog"])
        #expect(data.labels == [1, 0, 1])
        #expect(data.features == [1, 2, 3, 4, 5, 6])
    }

    @Test("numeric labels in numeric order")
    func numericLabelOrder() throws {
        let data = try Fixtures.parse("x,label\n1,10\n2,9\n3,10.0\n4,-1\n")
        #expect(data.classNames == ["-1", "9", "10"])
        #expect(data.labels == [2, 1, 2, 0])
    }

    @Test(
        "CRLF and final newline variants",
        arguments: [
            "x,label\r\n1,0\r\n2,1\r\n",
            "x,label\r\n1,0\r\n2,1",
            "x,label\n1,0\n2,1",
            "x,label\n\n1,0\n\n2,1\n\n",
            "\u{FEFF}x,label\n1,0\n2,1\n",
            "x , label\n 1 ,0\n2, 1 \n",
            "x,label\r1,0\r2,1\r",
        ])
    func lineEndings(text: String) throws {
        let data = try Fixtures.parse(text)
        #expect(data.features == [1, 2])
        #expect(data.labels == [0, 1])
        #expect(data.featureNames == ["x"])
    }

    @Test("quoted fields with commas")
    func quotedFields() throws {
        let data = try Fixtures.parse("\"x, first\",\"label\"\n\"1.5\",\"say \"\"hi\"\"\"\n2,\"a,b\"\n")
        #expect(data.featureNames == ["x, first"])
        #expect(data.features == [1.5, 2])
        #expect(data.classNames == ["a,b", "say \"hi\""])
    }

    @Test("line numbers count quoted newlines")
    func quotedNewlineLines() {
        #expect(throws: DataError.nonNumericCell(file: "inline.csv", line: 4, column: "x", value: "oops")) {
            try Fixtures.parse("x,label\n1,\"multi\nline\"\noops,0\n")
        }
    }

    static let invalidFiles: [(text: String, error: DataError)] = [
        ("", .emptyFile(file: "inline.csv")),
        ("\n\r\n  \n", .emptyFile(file: "inline.csv")),
        ("x,label\n", .noSamples(file: "inline.csv")),
        ("x,y\n1,2\n", .missingLabelColumn(file: "inline.csv", label: "label", header: ["x", "y"])),
        ("x,x,label\n1,2,0\n", .duplicateColumn(file: "inline.csv", column: "x")),
        ("label\n0\n1\n", .noFeatureColumns(file: "inline.csv")),
        ("x,label\n1,0\n2\n", .raggedRow(file: "inline.csv", line: 3, expected: 2, actual: 1)),
        ("x,label\n1,0\n2,1,3\n", .raggedRow(file: "inline.csv", line: 3, expected: 2, actual: 3)),
        ("x,label\n1,0\n\"2,1\n", .malformedQuotes(file: "inline.csv", line: 3)),
        ("x,label\n\"1\"2,0\n", .malformedQuotes(file: "inline.csv", line: 2)),
        ("x,label\n1,0\nabc,1\n", .nonNumericCell(file: "inline.csv", line: 3, column: "x", value: "abc")),
        ("x,label\n,0\n", .nonNumericCell(file: "inline.csv", line: 2, column: "x", value: "")),
        ("x,label\n1,0\nnan,1\n", .nonFiniteValue(file: "inline.csv", line: 3, column: "x", value: "nan")),
        ("x,label\n1,0\n-inf,1\n", .nonFiniteValue(file: "inline.csv", line: 3, column: "x", value: "-inf")),
        ("x,label\n1e999,0\n", .nonFiniteValue(file: "inline.csv", line: 2, column: "x", value: "1e999")),
        ("x,label\n1,\n", .emptyLabel(file: "inline.csv", line: 2, column: "label")),
        ("x,label\n1,0\n2,0\n", .fewerThanTwoClasses(file: "inline.csv", classes: ["0"])),
    ]

    @Test("invalid file raises typed error", arguments: invalidFiles)
    func invalidFile(text: String, error: DataError) {
        #expect(throws: error) {
            try Fixtures.parse(text)
        }
    }

    @Test("missing file raises missingFile")
    func missingFile() {
        let path = Fixtures.datasetPath("no_such_file.csv")
        #expect(throws: DataError.missingFile(file: path)) {
            try Dataset.load(csvAt: path)
        }
    }

    @Test("directory raises notAFile")
    func directoryPath() {
        let path = FileManager.default.temporaryDirectory.path
        #expect(throws: DataError.notAFile(file: path)) {
            try Dataset.load(csvAt: path)
        }
        #expect(DataError.notAFile(file: path).description == "\(path) is a directory; give the path of a CSV file")
    }

    @Test("error message names line and column")
    func errorMessage() {
        let error = DataError.nonNumericCell(file: "data.csv", line: 12, column: "age", value: "x")
        #expect(error.description.contains("data.csv line 12"))
        #expect(error.description.contains("\"age\""))
        #expect(error.description.contains("\"x\""))
    }

    @Test("random bytes never crash the reader")
    func hostileBytes() {
        var rng = SeededRandom(seed: 11)
        let alphabet = Array("x,label\"\r\n 0123456789.-eE+nai".utf8) + [0xFF, 0xC3, 0x00]
        var parsed = 0
        var rejected = 0
        for _ in 0..<2000 {
            let length = RandomDistributions.index(below: 64, rng: &rng)
            var bytes = Array("x,label\n".utf8)
            for _ in 0..<length {
                bytes.append(alphabet[RandomDistributions.index(below: alphabet.count, rng: &rng)])
            }
            do {
                let data = try Dataset(csv: bytes, source: "fuzz.csv")
                #expect(data.features.allSatisfy { $0.isFinite })
                parsed += 1
            } catch {
                rejected += 1
            }
        }
        #expect(parsed + rejected == 2000)
        #expect(rejected > 0)
    }
}
