using BenchmarkDotNet.Running;

// Runs the suites chosen on the command line, e.g. --filter '*PdqBuffer*'; see README.md, "Performance".
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
