import SecAggMasking
import SecAggPrimitives
import SecAggProtocol
import Testing

@Suite("Full round")
struct RoundTests {
    @Test("complete round without dropouts")
    func noDropouts() throws {
        let fixture = try RoundFixture(providers: [1, 2, 3, 4, 5], threshold: 3)
        let outcome = try fixture.simulation().run()
        #expect(outcome.abortReason == nil)
        #expect(outcome.contributors == [1, 2, 3, 4, 5])
        #expect(outcome.sum == (try fixture.expectedSum(of: [1, 2, 3, 4, 5])))
        #expect(outcome.aggregatorViolations.isEmpty)
        #expect(outcome.blames.isEmpty)
    }
}
