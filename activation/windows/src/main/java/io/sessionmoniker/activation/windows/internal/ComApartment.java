package io.sessionmoniker.activation.windows.internal;

import io.sessionmoniker.activation.windows.WindowsHResults;
import io.sessionmoniker.moniker.ComException;
import io.sessionmoniker.moniker.HResult;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntSupplier;

/**
 * A dedicated thread that has joined COM's multithreaded apartment, on which the moniker binder makes every COM
 * call.
 *
 * <p>Why a thread of its own: {@code CoInitializeEx} sets the apartment of the <em>calling thread</em>, for as long
 * as the thread lives, and fails with {@code RPC_E_CHANGED_MODE} on a thread already in a single-threaded
 * apartment (one a UI toolkit set up, say). Calling it on the user's threads would change state the user owns.
 * This thread calls {@code CoInitializeEx(NULL, COINIT_MULTITHREADED)} first, runs the submitted calls one at a
 * time, and calls {@code CoUninitialize} last. The multithreaded apartment needs no message loop, and interface
 * pointers obtained on this thread belong to the MTA; the binder still releases them on this thread.
 *
 * <p>The initialise and uninitialise steps are given as functions, so the thread handling is tested on every OS
 * with stand-ins; {@link JnaComNatives} supplies the real ones.
 *
 * <pre>{@code
 * ComApartment mta = ComApartment.start("sessionmoniker-com", natives::coInitializeMultithreaded, natives::coUninitialize);
 * int hr = mta.call("CreateBindCtx", () -> natives.createBindCtx(out));
 * mta.close();
 * }</pre>
 */
public final class ComApartment implements AutoCloseable {

    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Thread thread;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> initialised = new CompletableFuture<>();
    private final IntSupplier initialise;
    private final Runnable uninitialise;
    private final Object lifecycle = new Object();
    private boolean closed;

    private ComApartment(String name, IntSupplier initialise, Runnable uninitialise) {
        this.initialise = initialise;
        this.uninitialise = uninitialise;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the thread and waits until it has joined the apartment.
     *
     * @param name the thread's name
     * @param initialise joins the apartment and returns the HRESULT ({@code S_OK} or {@code S_FALSE} succeed)
     * @param uninitialise leaves it; called once, last, only if {@code initialise} succeeded
     * @return the running apartment
     * @throws ComException carrying the HRESULT when {@code initialise} fails
     */
    public static ComApartment start(String name, IntSupplier initialise, Runnable uninitialise) {
        ComApartment a = new ComApartment(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(initialise, "initialise"), Objects.requireNonNull(uninitialise, "uninitialise"));
        a.thread.start();
        int hr;
        try {
            hr = a.initialised.get();
        } catch (ExecutionException e) {
            throw new ComException(HResult.E_FAIL, "CoInitializeEx(COINIT_MULTITHREADED) failed on " + name + ": "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a.close();
            throw new ComException(HResult.E_ABORT, "interrupted while starting the COM thread " + name, e);
        }
        if (HResult.failed(hr)) {
            throw WindowsHResults.exception(hr, "CoInitializeEx(COINIT_MULTITHREADED) on " + name);
        }
        return a;
    }

    /**
     * Runs a call on the apartment thread and waits for it. Called from the apartment thread itself (a nested
     * call), it runs at once.
     *
     * @param <T> the result type
     * @param operation what the call does, for error messages
     * @param call the call
     * @return its result
     * @throws IllegalStateException after {@link #close()}
     * @throws ComException with {@code E_ABORT} if the waiting thread is interrupted (the call still completes on
     *     the apartment thread)
     */
    public <T> T call(String operation, Callable<T> call) {
        Objects.requireNonNull(call, "call");
        if (isApartmentThread()) {
            return runHere(call);
        }
        FutureTask<T> task = new FutureTask<>(call);
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the COM thread " + thread.getName() + " is closed; cannot run "
                        + operation);
            }
            tasks.add(task);
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComException(HResult.E_ABORT, "interrupted while waiting for " + operation
                    + " on the COM thread; the call continues there", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ComException(HResult.E_FAIL, operation + " failed: " + cause, cause);
        }
    }

    /**
     * Tells whether the calling thread is the apartment thread.
     *
     * @return {@code true} on the apartment thread
     */
    public boolean isApartmentThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Tells whether {@link #close()} has been called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    /**
     * Runs the calls already submitted, leaves the apartment ({@code CoUninitialize}) and ends the thread; waits up
     * to ten seconds unless called on the apartment thread. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            tasks.add(Stop.INSTANCE);
        }
        if (isApartmentThread()) {
            return;
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        int hr;
        try {
            hr = initialise.getAsInt();
        } catch (RuntimeException | Error e) {
            initialised.completeExceptionally(e);
            return;
        }
        initialised.complete(hr);
        if (HResult.failed(hr)) {
            return;
        }
        try {
            while (true) {
                Runnable task;
                try {
                    task = tasks.take();
                } catch (InterruptedException e) {
                    continue;           // only close() ends this thread
                }
                if (task == Stop.INSTANCE) {
                    return;
                }
                task.run();             // a FutureTask: exceptions go to the caller
            }
        } finally {
            uninitialise.run();
        }
    }

    private static <T> T runHere(Callable<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ComException(HResult.E_FAIL, e.toString(), e);
        }
    }

    private enum Stop implements Runnable {
        INSTANCE;

        @Override
        public void run() {
        }
    }
}
