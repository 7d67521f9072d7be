// Each collection starts a whole platform (servers, services, gateway) on a 2-core machine: one at a time,
// so that no timing assertion measures another platform's start-up.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
