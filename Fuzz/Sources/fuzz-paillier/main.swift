import FuzzerMain

runFuzzer(.paillier)
