import FuzzerMain

runFuzzer(.transcript)
