/* A stand-in for Windows' bcryptprimitives.dll, for Wine 8.0 (Debian 12), which lacks it: Go's
 * Windows runtime (1.24 on) loads ProcessPrng from it at start and stops when it is missing.
 * ProcessPrng fills a buffer from the system's random generator; RtlGenRandom
 * (advapi32!SystemFunction036) is that generator. Only the e2e test's Wine prefix gets it. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
	while (size > 0) {
		ULONG n = size > 0x10000000 ? 0x10000000 : (ULONG)size;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		size -= n;
	}
	return TRUE;
}
