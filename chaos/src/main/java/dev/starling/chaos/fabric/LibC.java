package dev.starling.chaos.fabric;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The handful of libc calls a TAP device needs; errors surface as {@link LastErrorException} with errno. */
interface LibC extends Library {
    int O_RDWR = 0x2;
    int O_CLOEXEC = 0x80000;
    short POLLIN = 0x1;
    /** _IOW('T', 202, int): attach this fd to a new tun/tap interface. */
    long TUNSETIFF = 0x400454caL;

    short IFF_TAP = 0x0002;
    short IFF_NO_PI = 0x1000;
    /** sizeof(struct ifreq) on 64-bit Linux: 16 bytes of name and a 24-byte union. */
    int IFREQ_BYTES = 40;

    int IFNAMSIZ = 16;

    int open(String path, int flags) throws LastErrorException;

    int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    int poll(Pointer fds, int nfds, int timeoutMillis) throws LastErrorException;

    NativeLong read(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
