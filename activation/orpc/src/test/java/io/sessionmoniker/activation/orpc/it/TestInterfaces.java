package io.sessionmoniker.activation.orpc.it;

import io.sessionmoniker.activation.ComInterface;

/** The interfaces the child server exports. */
final class TestInterfaces {

    private TestInterfaces() {
    }

    @ComInterface(iid = "30000000-0000-0000-0000-0000000000A1")
    public interface ICalc {
        int Add(int a, int b);

        default int AddThree(int a, int b, int c) {
            return Add(Add(a, b), c);
        }

        long Twice(long x);

        double Half(double x);

        boolean Not(boolean b);

        String Echo(String s);

        byte[] Reverse(byte[] data);

        void Nothing();

        int Fail(int hresult);

        ICounter NewCounter();

        int Pid();

        int Sleep(int millis);

        int Total(ICounter counter);
    }

    @ComInterface(iid = "30000000-0000-0000-0000-0000000000A2")
    public interface ICounter {
        int Increment();

        int Value();
    }

    @ComInterface(iid = "30000000-0000-0000-0000-0000000000A3")
    public interface INotImplemented {
        void Anything();
    }
}
