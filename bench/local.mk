# bench/: benchmark scripts (not tests)
