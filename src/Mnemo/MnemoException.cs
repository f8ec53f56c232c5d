namespace Mnemo;

/// <summary>
/// An error caused by the user's input (a setting, a folder, a file). The CLI prints its message
/// on one line and exits non-zero; anything else is a bug and keeps its stack trace.
/// </summary>
public class MnemoException(string message, Exception? inner = null) : Exception(message, inner);
